"""A year's data as one Excel workbook (records.xlsx), written by XlsxWriter, the same bytes
from the same content.

Its sheets hold the rows of the year's CSV files (generator.data.files): 建议提案, 答复, 办理统计.
Every cell is written as text (XlsxWriter's write_string), so a cell starting with `=` is never
a formula and 02403 keeps its zero; the CSV's leading apostrophe is not needed. XlsxWriter dates
every part of the zip file 1980-01-01; the workbook's created date, which it would take from the
clock, is given: the newest date the year's published records show.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import xlsxwriter

# Excel holds at most this many characters in a cell; a longer text is cut, saying so (the CSV
# and JSON files hold it whole).
CELL_LIMIT = 32767
CUT = "……（超出 Excel 单元格长度上限，全文见 CSV、JSON 文件或网页）"


def workbook_bytes(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[str]]]],
                   created: dt.date) -> bytes:
    """An .xlsx file of `sheets`, each (name, header, rows of text cells), dated `created`."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False,
                                     "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"created": dt.datetime(created.year, created.month, created.day)})
    bold = book.add_format({"bold": True})
    for name, header, rows in sheets:
        sheet = book.add_worksheet(name)
        for column, cell in enumerate(header):
            sheet.write_string(0, column, cell, bold)
        for row, cells in enumerate(rows, start=1):
            for column, cell in enumerate(cells):
                if cell:
                    sheet.write_string(row, column, fit(cell))
        sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()


def fit(cell: str) -> str:
    """`cell`, or its beginning and CUT when it is longer than CELL_LIMIT."""
    return cell if len(cell) <= CELL_LIMIT else cell[:CELL_LIMIT - len(CUT)] + CUT

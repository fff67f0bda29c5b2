"""A year's data files: records.csv, replies.csv, records.json, statistics.csv and records.xlsx,
from published records only.

Every value comes from `PublicRecord` (generator.pages.publication), so a draft, a withheld
text or anything else the gate holds back cannot reach these files. The bytes depend on the
records alone, never on the clock or the order of a dict, so two builds write the same bytes.
The columns are documented in README.md (数据下载).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
from collections.abc import Sequence

from pydantic import BaseModel

from generator.data.schema import OMITTED, PublishedCorrection, PublishedUnit
from generator.data.workbook import workbook_bytes
from generator.pages.facts import DataFile
from generator.pages.publication import PublicCorrection, PublicRecord, PublicReply, UnitRef
from generator.pages.statistics import Measure, Row
from generator.pages.statistics_pages import TABLE_HEADINGS

RECORDS_CSV = "data/records.csv"
REPLIES_CSV = "data/replies.csv"
RECORDS_JSON = "data/records.json"
STATISTICS_CSV = "data/statistics.csv"
RECORDS_XLSX = "data/records.xlsx"

RECORD_COLUMNS = ("编号", "类型", "年度", "届次", "案号", "标题", "提出人", "提出日期", "交办日期",
                  "办理期限", "延期", "主题", "主办单位", "会办单位", "办理状态", "办理结果",
                  "答复日期", "公开日期", "网址")
REPLY_COLUMNS = ("编号", "标题", "答复单位", "办理方式", "文号", "索引号", "答复日期", "审定日期",
                 "公开日期", "办理结果", "采纳情况", "公开方式", "答复全文", "答复摘要",
                 "不予公开理由")

# statistics.csv: these, then each measure's share as the page shows it, numerator, denominator.
STATISTICS_COLUMNS = ("表", "代码", "名称", "件数", "重点督办")

# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection"):
# such a cell is written after a single quote, which shows it as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_DISCLOSURE_LABELS = {"full": "全文公开", "summary": "摘要公开", "withheld": "不予公开"}
_LIST_SEPARATOR = "、"


def year_data_files(records: Sequence[PublicRecord], tables: dict[str, list[Row]],
                    chosen: Sequence[Measure]) -> dict[str, bytes]:
    """A year's data files, by path in its edition's folder -> bytes: the CSV files in UTF-8
    with a byte order mark (Excel and WPS read Chinese right only with it), rows in id order;
    records.json a list of the records as published, keys sorted; statistics.csv the rows of
    the year's statistics page (`tables`, generator.pages.statistics_pages.year_tables) with
    the `chosen` measures; records.xlsx the three tables as sheets of one workbook."""
    ordered = sorted((_as_now(record) for record in records), key=lambda record: record.id)
    record_rows = [_record_row(record) for record in ordered]
    reply_rows = [_reply_row(record, reply) for record in ordered for reply in record.replies]
    statistics_header = statistics_columns(chosen)
    statistics_rows = [_statistics_row(TABLE_HEADINGS[table], row, chosen)
                       for table, rows in tables.items() for row in rows]
    return {
        RECORDS_CSV: csv_bytes(RECORD_COLUMNS, record_rows),
        REPLIES_CSV: csv_bytes(REPLY_COLUMNS, reply_rows),
        RECORDS_JSON: json_bytes([as_published(record) for record in ordered]),
        STATISTICS_CSV: csv_bytes(statistics_header, statistics_rows),
        RECORDS_XLSX: workbook_bytes([("建议提案", RECORD_COLUMNS, record_rows),
                                      ("答复", REPLY_COLUMNS, reply_rows),
                                      ("办理统计", statistics_header, statistics_rows)],
                                     newest_shown(ordered)),
    }


def newest_shown(records: Sequence[PublicRecord]) -> dt.date:
    """The newest date the published `records` show (a publication, a progress entry, an
    assignment or submission); 2000-01-01 for none. Never the clock: the workbook is dated so."""
    dates = [day for record in records
             for day in (record.published, record.assigned, record.submitted,
                         *(entry.date for entry in record.progress)) if day]
    return max(dates, default=dt.date(2000, 1, 1))


def describe(files: dict[str, bytes], records: Sequence[PublicRecord],
             tables: dict[str, list[Row]]) -> tuple[DataFile, ...]:
    """Each file's path, size in bytes, SHA-256 (hex) and rows: records for records.csv and
    records.json and records.xlsx, published replies for replies.csv, table rows for
    statistics.csv."""
    rows = {RECORDS_CSV: len(records), RECORDS_JSON: len(records), RECORDS_XLSX: len(records),
            REPLIES_CSV: sum(len(record.current_replies) for record in records),
            STATISTICS_CSV: sum(len(table) for table in tables.values())}
    return tuple(DataFile(path, len(data), hashlib.sha256(data).hexdigest(), rows[path])
                 for path, data in sorted(files.items()))


def statistics_columns(chosen: Sequence[Measure]) -> tuple[str, ...]:
    """The header of statistics.csv: STATISTICS_COLUMNS, then for each measure its share
    (答复率), numerator (答复率分子) and denominator (答复率分母)."""
    return (*STATISTICS_COLUMNS,
            *(f"{m.name}{part}" for m in chosen for part in ("", "分子", "分母")))


def _statistics_row(table: str, row: Row, chosen: Sequence[Measure]) -> list[str]:
    counts = row.counts
    cells = [table, row.slug or "", row.label, str(counts.records), str(counts.key_items)]
    for measure in chosen:
        numerator, denominator = counts.fraction(measure.key)
        cells += [counts.rate(measure.key), str(numerator), str(denominator)]
    return cells


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """A CSV file (RFC 4180: commas, quotes and line breaks quoted, CRLF between rows) in UTF-8
    with a byte order mark; each cell that a spreadsheet would take for a formula is quoted
    with a leading apostrophe (`safe_cell`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def safe_cell(cell: str) -> str:
    """`cell`, after a single quote if it starts with =, +, -, @, a tab or a carriage return."""
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell


def json_bytes(value: object) -> bytes:
    """`value` as UTF-8 JSON, keys sorted, Chinese as written, one line ending with a newline."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            + "\n").encode()


def as_published(record: PublicRecord) -> dict[str, object]:
    """A record as JSON values: every field of `PublicRecord`, with its address (`url`), as
    its JSON Schema (generator.data.schema) describes it."""
    value = _json_value(record)
    assert isinstance(value, dict)
    return {**value, "url": record.url}


def _as_now(record: PublicRecord) -> PublicRecord:
    """The record as the data files show it: a withdrawn reply left out (the record stays, its
    status 已撤回 if none is left), every reply with its current text."""
    if record.current_replies == record.replies:
        return record
    return dataclasses.replace(record, replies=record.current_replies)


def _json_value(value: object) -> object:
    if isinstance(value, PublicCorrection):
        return _json_value(PublishedCorrection.of(value))
    if isinstance(value, UnitRef):
        return _json_value(PublishedUnit.of(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        omitted = OMITTED.get(type(value).__name__, ())
        return {f.name: _json_value(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in omitted}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, tuple | list):
        return [_json_value(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _record_row(record: PublicRecord) -> list[str]:
    return [record.id, record.kind_label, str(record.year), record.session, record.number,
            record.title, _LIST_SEPARATOR.join(p.name for p in record.proposers),
            _date(record.submitted), _date(record.assigned), _date(record.due),
            "是" if record.extended else "否", _LIST_SEPARATOR.join(t.name for t in record.topics),
            _units(record.lead_units), _units(record.co_units), record.status,
            record.result.label if record.result else "", _date(record.reply_date),
            _date(record.published), record.url]


def _reply_row(record: PublicRecord, reply: PublicReply) -> list[str]:
    return [record.id, record.title, _units((reply.unit,)), reply.role_label,
            reply.doc_number or "", reply.index_number or "", _date(reply.date),
            _date(reply.approved), _date(reply.published),
            reply.result.label if reply.result else "", reply.adoption or "",
            _DISCLOSURE_LABELS[reply.disclosure], reply.text or "", reply.summary or "",
            reply.withheld_reason or ""]


def _units(refs: Sequence[UnitRef]) -> str:
    return _LIST_SEPARATOR.join(ref.unit.name for ref in refs)


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""

"""A year's data files (records.csv, replies.csv, records.json): built for real, read back."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from generator.data.files import csv_bytes, newest_shown, safe_cell, year_data_files
from generator.data.workbook import CELL_LIMIT, CUT, workbook_bytes
from generator.pages.publication import public_vocabulary, publish
from generator.pages.statistics import measures, year_statistics
from generator.pages.statistics_pages import year_tables
from generator.site.build import check
from tests.conftest import FIXTURE, build, edit

TODAY = dt.date(2025, 1, 1)
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(FIXTURE, tmp_path_factory.mktemp("data"))


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline="")))


def test_records_csv_has_the_documented_columns_and_a_row_per_record(site: Path) -> None:
    table = rows((site / "2024" / "data" / "records.csv").read_bytes())
    assert table[0] == ["编号", "类型", "年度", "届次", "案号", "标题", "提出人", "提出日期",
                        "交办日期", "办理期限", "延期", "主题", "主办单位", "会办单位", "办理状态",
                        "办理结果", "答复日期", "公开日期", "网址"]
    assert table[1] == ["rd-2024-0001", "建议", "2024", "测试市一届人大二次会议", "第1号",
                        "关于老旧小区加装电梯的建议", "王某某、李某", "2024-01-15", "2024-02-20",
                        "2024-05-20", "否", "城市更新、养老服务", "市住房和城乡建设局",
                        "市财政局", "已答复", "已解决或基本解决", "2024-05-06", "2024-05-10",
                        "2024/rd-2024-0001/"]
    assert [row[0] for row in table[1:]] == ["rd-2024-0001", "zx-2024-0002"]


def test_replies_csv_has_a_row_per_published_reply_without_held_back_text(site: Path) -> None:
    table = rows((site / "2024" / "data" / "replies.csv").read_bytes())
    assert table[0] == ["编号", "标题", "答复单位", "办理方式", "文号", "索引号", "答复日期",
                        "审定日期", "公开日期", "办理结果", "采纳情况", "公开方式", "答复全文",
                        "答复摘要", "不予公开理由"]
    assert [(row[0], row[2], row[3]) for row in table[1:]] == [
        ("rd-2024-0001", "市住房和城乡建设局", "主办"), ("rd-2024-0001", "市财政局", "会办"),
        ("zx-2024-0002", "市民政局", "主办"), ("zx-2024-0002", "市住房和城乡建设局", "分办")]
    assert table[3][11:] == ["摘要公开", "", "已在全市建成社区助餐点 15 个。\n", ""]
    assert table[4][11:] == ["不予公开", "", "", "涉及尚未公开的规划方案"]


def test_records_json_holds_the_records_as_published_and_nothing_held_back(site: Path) -> None:
    data = (site / "2024" / "data" / "records.json").read_bytes()
    records = json.loads(data)
    assert [record["id"] for record in records] == ["rd-2024-0001", "zx-2024-0002"]
    summary, withheld = records[1]["replies"]
    assert (summary["text"], summary["summary"]) == (None, "已在全市建成社区助餐点 15 个。\n")
    assert (withheld["text"], withheld["withheld_reason"]) == (None, "涉及尚未公开的规划方案")
    assert records[1]["url"] == "2024/zx-2024-0002/"
    text = data.decode("utf-8")
    for held_back in ("这是草稿，永不公开。", "这段全文只供内部，永不公开。",
                      "这段不予公开的全文永不公开。", "rd-2024-0003"):
        assert held_back not in text
    assert data == json.dumps(records, ensure_ascii=False, sort_keys=True,
                              separators=(",", ":")).encode() + b"\n"


def test_two_builds_write_the_same_bytes(site: Path, tmp_path: Path) -> None:
    again = build(FIXTURE, tmp_path)
    for name in ("records.csv", "replies.csv", "records.json", "statistics.csv", "records.xlsx"):
        for year in ("2023", "2024"):
            assert (again / year / "data" / name).read_bytes() == \
                (site / year / "data" / name).read_bytes()


@pytest.mark.parametrize(("cell", "written"), [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+86 1", "'+86 1"), ("-1", "'-1"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("2024-05-06", "2024-05-06"),
])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(
        cell: str, written: str) -> None:
    assert safe_cell(cell) == written


def test_commas_quotes_and_line_breaks_are_quoted() -> None:
    data = csv_bytes(["a", "b"], [["x,y", 'say "hi"'], ["line\nbreak", "=1+1"]])
    assert data == (BOM + b'a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\'=1+1\r\n')
    assert rows(data)[1:] == [["x,y", 'say "hi"'], ["line\nbreak", "'=1+1"]]


def test_a_title_with_a_comma_quote_or_formula_reads_back_as_written(content: Path) -> None:
    edit(content / "2024" / "rd-2024-0001.yml", "title: 关于老旧小区加装电梯的建议",
         "title: '=HYPERLINK(\"x\",\"关于加装电梯，的建议\")'")
    records = [r for r in publish(check(content), TODAY) if r.year == 2024]
    files = year_data_files(records, {}, ())
    assert rows(files["data/records.csv"])[1][5] == "'=HYPERLINK(\"x\",\"关于加装电梯，的建议\")"
    assert rows(files["data/replies.csv"])[1][1] == "'=HYPERLINK(\"x\",\"关于加装电梯，的建议\")"
    assert json.loads(files["data/records.json"])[0]["title"] == \
        '=HYPERLINK("x","关于加装电梯，的建议")'


def test_statistics_csv_holds_every_row_of_the_years_statistics_page(site: Path) -> None:
    table = rows((site / "2024" / "data" / "statistics.csv").read_bytes())
    measures = ["答复率", "按期答复率", "沟通率", "见面率", "满意率", "满意", "答复时A类",
                "答复时B类", "答复时C类", "现为A类", "现为B类", "现为C类", "类别转化率"]
    assert table[0] == ["表", "代码", "名称", "件数", "重点督办",
                        *(f"{m}{part}" for m in measures for part in ("", "分子", "分母"))]
    assert [row[:5] for row in table[1:]] == [
        ["按类别", "suggestion", "建议", "1", "1"], ["按类别", "proposal", "提案", "1", "0"],
        ["按类别", "total", "合计", "2", "1"],
        ["按主办单位", "housing", "市住房和城乡建设局", "2", "1"],
        ["按主办单位", "civil-affairs", "市民政局", "1", "0"],
        ["按承办单位（主办或会办）", "housing", "市住房和城乡建设局", "2", "1"],
        ["按承办单位（主办或会办）", "civil-affairs", "市民政局", "1", "0"],
        ["按承办单位（主办或会办）", "finance", "市财政局", "1", "1"],
        ["按主题", "elderly-care", "养老服务", "2", "1"],
        ["按主题", "urban-renewal", "城市更新", "1", "1"],
        ["重点督办", "key_items", "重点督办", "1", "1"], ["重点督办", "total", "全部", "2", "1"]]
    assert table[3][5:] == [
        "100.0%", "2", "2", "100.0%", "2", "2", "100.0%", "2", "2", "50.0%", "1", "2",
        "100.0%", "2", "2", "50.0%", "1", "2", "50.0%", "1", "2", "50.0%", "1", "2",
        "0.0%", "0", "2", "100.0%", "2", "2", "0.0%", "0", "2", "0.0%", "0", "2",
        "100.0%", "1", "1"]
    assert table[2][-3:] == ["—", "0", "0"]  # no proposal was converted: no share of nothing
    # The page shows the same numbers: 满意率 of all the year's records, 1 of 2.
    page = (site / "2024" / "statistics" / "index.html").read_text(encoding="utf-8")
    assert ('<th scope="row">合计</th><td>2</td><td>1</td>'
            '<td>100.0%<br><span class="rs-fraction">2/2</span></td>') in page


def test_a_name_a_spreadsheet_would_run_is_written_as_text_in_statistics_csv(
        content: Path) -> None:
    edit(content / "units.yml", "name: 市财政局", "name: '=1+2,\"市财政局\"'")
    corpus = check(content)
    records = [r for r in publish(corpus, TODAY) if r.year == 2024]
    chosen = measures(corpus.site.classification)
    tables = year_tables(2024, year_statistics(records, chosen), public_vocabulary(corpus))
    table = rows(year_data_files(records, tables, chosen)["data/statistics.csv"])
    assert table[8][:3] == ["按承办单位（主办或会办）", "finance", "'=1+2,\"市财政局\""]


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def xlsx_sheets(data: bytes) -> dict[str, list[list[str]]]:
    """Each sheet of a workbook by name, as rows of text: every XML part must parse."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        parts = {name: ET.fromstring(book.read(name)) for name in book.namelist()
                 if name.endswith((".xml", ".rels"))}
    strings = ["".join(t.text or "" for t in item.iter(f"{MAIN}t"))
               for item in parts["xl/sharedStrings.xml"].iter(f"{MAIN}si")]
    names = [sheet.get("name", "") for sheet in parts["xl/workbook.xml"].iter(f"{MAIN}sheet")]
    sheets = {}
    for number, name in enumerate(names, start=1):
        table = []
        for row in parts[f"xl/worksheets/sheet{number}.xml"].iter(f"{MAIN}row"):
            cells: dict[int, str] = {}
            for cell in row.iter(f"{MAIN}c"):
                assert cell.get("t") == "s"  # text, never a number or a formula
                column = ord(re.sub(r"\d", "", cell.get("r", ""))[-1]) - ord("A") + (
                    26 * (ord(re.sub(r"\d", "", cell.get("r", ""))[0]) - ord("A") + 1)
                    if len(re.sub(r"\d", "", cell.get("r", ""))) == 2 else 0)
                cells[column] = strings[int(cell.findtext(f"{MAIN}v") or "")]
            table.append([cells.get(i, "") for i in range(max(cells) + 1)])
        sheets[name] = table
    return sheets


def unquoted(table: list[list[str]]) -> list[list[str]]:
    """A CSV table as the workbook holds it: cells as written, without the formula guard."""
    return [[cell[1:] if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r")
             else cell for cell in row] for row in table]


def test_records_xlsx_holds_the_three_tables_as_text(site: Path) -> None:
    sheets = xlsx_sheets((site / "2024" / "data" / "records.xlsx").read_bytes())
    assert list(sheets) == ["建议提案", "答复", "办理统计"]
    for name, csv_name in (("建议提案", "records.csv"), ("答复", "replies.csv"),
                           ("办理统计", "statistics.csv")):
        table = rows((site / "2024" / "data" / csv_name).read_bytes())
        # Trailing empty cells are not written.
        assert sheets[name] == [row[:max(i + 1 for i, c in enumerate(row) if c)]
                                for row in unquoted(table)], name


def test_a_formula_control_characters_or_a_text_too_long_make_no_broken_workbook(
        content: Path) -> None:
    edit(content / "2024" / "rd-2024-0001.yml", "title: 关于老旧小区加装电梯的建议",
         "title: '=HYPERLINK(\"x\",\"关于加装电梯，的建议\")'")
    published = publish(check(content), TODAY)
    records = [r for r in published if r.year == 2024]
    files = year_data_files(records, {}, ())
    assert year_data_files(records, {}, ()) == files
    sheets = xlsx_sheets(files["data/records.xlsx"])
    assert sheets["建议提案"][1][5] == '=HYPERLINK("x","关于加装电梯，的建议")'
    assert newest_shown([r for r in published if r.year == 2023]) == dt.date(2023, 7, 30)
    # Excel holds 32,767 characters in a cell: a longer text is cut, saying so. A control
    # character XML does not allow (the check refuses it in content) is escaped as OOXML does.
    book = workbook_bytes([("表", ["列"], [["答" * 40000], ["关于\x01加装\x0b电梯"]])],
                          dt.date(2024, 1, 1))
    long_text, control = xlsx_sheets(book)["表"][1:]
    assert len(long_text[0]) == CELL_LIMIT and long_text[0] == "答" * (CELL_LIMIT - len(CUT)) + CUT
    assert control == ["关于_x0001_加装_x000B_电梯"]


def data_rows(html: str) -> list[tuple[str, str, str, str, str]]:
    """(year heading, file, rows, size, digest) for each row of the data page's tables."""
    found = []
    for year, table in re.findall(r'<h2 id="(\d+)">.*?</h2>\s*<table>(.*?)</table>', html, re.S):
        found += [(year, *row) for row in re.findall(
            r'<td><a href="[^"]*">([^<]+)</a></td>\s*<td>(\d+)</td>\s*<td>([\d,]+)</td>\s*'
            r"<td><code>([0-9a-f]{64})</code></td>", table)]
    return found


def test_the_data_page_lists_each_years_files_with_rows_size_and_digest(site: Path) -> None:
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    expected = []
    for year, counts in (("2024", {"records.csv": 2, "records.json": 2, "records.xlsx": 2,
                                   "replies.csv": 4, "statistics.csv": 12}),
                         ("2023", {"records.csv": 1, "records.json": 1, "records.xlsx": 1,
                                   "replies.csv": 1, "statistics.csv": 7})):
        for name, count in counts.items():
            data = (site / year / "data" / name).read_bytes()
            expected.append((year, name, str(count), f"{len(data):,}",
                             hashlib.sha256(data).hexdigest()))
    assert data_rows(html) == expected
    assert '<a href="../2024/data/records.csv">records.csv</a>' in html
    assert "使用条款" not in html  # site.yml gives no terms
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="data/">数据下载</a>' in home


def test_all_years_are_the_years_files_joined_as_the_data_page_says(site: Path) -> None:
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert ("需要全部年度的数据时，下载各年度的文件后合并即可：CSV 文件保留第一个文件的表头，"
            "去掉其余文件的表头；JSON 文件将各年度的列表连接。") in html
    for name in ("records.csv", "replies.csv", "statistics.csv"):
        newer, older = (rows((site / year / "data" / name).read_bytes())
                        for year in ("2024", "2023"))
        assert newer[0] == older[0]
    joined = [record["id"] for year in ("2024", "2023")
              for record in json.loads((site / year / "data" / "records.json").read_bytes())]
    assert joined == ["rd-2024-0001", "zx-2024-0002", "rd-2023-0001"]


def test_every_pages_footer_links_to_the_data_page(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        footer = html[html.index('<footer class="md-footer rs-footer">'):]
        found = re.findall(r'<a href="([^"]*)">数据下载</a>（CSV、JSON、订阅源）', footer)
        assert len(found) == 1, page
        # MkDocs writes the 404 page's links from the site's root: it is shown at any address.
        base = site if found[0].startswith("/") else page.parent
        target = (base / found[0].lstrip("/")).resolve()
        assert target == (site / "data").resolve(), page


def test_the_data_page_shows_the_terms_and_keeps_a_year_it_did_not_load(
        content: Path, tmp_path: Path) -> None:
    edit(content / "site.yml", "redaction: []",
         "redaction: []\ndata_terms: 可免费使用，请注明来源。")
    first = build(content, tmp_path)
    kept = (first / "2023" / "data" / "records.csv").read_bytes()
    edit(content / "2024" / "rd-2024-0001.yml", "title: 关于老旧小区加装电梯的建议",
         "title: 关于老旧小区加装电梯的建议（修改）")
    site = build(content, tmp_path)  # the same work folder: 2023 is not loaded again
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="_2">使用条款</h2>\n<p>可免费使用，请注明来源。</p>' in html
    rows_of = {(year, name): row for year, name, *row in data_rows(html)}
    assert rows_of[("2023", "records.csv")] == ["1", f"{len(kept):,}",
                                                hashlib.sha256(kept).hexdigest()]
    changed = (site / "2024" / "data" / "records.csv").read_bytes()
    assert "关于老旧小区加装电梯的建议（修改）" in changed.decode("utf-8-sig")
    assert rows_of[("2024", "records.csv")] == ["2", f"{len(changed):,}",
                                                hashlib.sha256(changed).hexdigest()]

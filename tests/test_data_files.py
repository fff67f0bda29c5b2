"""A year's data files (records.csv, replies.csv, records.json): built for real, read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from generator.data.files import csv_bytes, safe_cell, year_data_files
from generator.pages.publication import publish
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
    for name in ("records.csv", "replies.csv", "records.json"):
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
    files = year_data_files(records)
    assert rows(files["data/records.csv"])[1][5] == "'=HYPERLINK(\"x\",\"关于加装电梯，的建议\")"
    assert rows(files["data/replies.csv"])[1][1] == "'=HYPERLINK(\"x\",\"关于加装电梯，的建议\")"
    assert json.loads(files["data/records.json"])[0]["title"] == \
        '=HYPERLINK("x","关于加装电梯，的建议")'

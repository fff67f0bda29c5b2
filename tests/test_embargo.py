"""A reply is held back from every byte until its publication date (发布日期) is reached.

Real builds of one content folder in one work folder at cut-off dates before, on and after a
reply's publication date: before, neither its text nor its dates are in any file of the site
(Pagefind's compressed files decompressed); on it, the page, search index, feeds and data files
hold it, although no file of the content changed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.pages.embargo import cutoff_date
from generator.site.build import BuildOptions, BuildReport, build_site
from tests.conftest import FIXTURE, ROOT, edit

MARKER = "EMBARGO8T3禁发甲"
PUBLISHED = "2025-03-01"
ENTRY = "urn:replysite:rd-2024-0001:reply-housing-lead"  # the reply's feed entry


def embargoed_content(root: Path) -> Path:
    """The fixture with rd-2024-0001's lead reply, its text marked, and rd-2023-0001's only
    reply published on 2025-03-01."""
    content = root / "content"
    shutil.copytree(FIXTURE, content)
    record = content / "2024" / "rd-2024-0001.yml"
    edit(record, "    published: 2024-05-10\n", f"    published: {PUBLISHED}\n")
    edit(record, "全市已完成加装电梯 *42* 台。", f"全市已完成加装电梯 *42* 台。{MARKER}")
    # 2023's only record, whose only reply is held back too: the year has nothing to show.
    edit(content / "2023" / "rd-2023-0001.yml", "    date: 2023-07-28\n",
         f"    date: 2023-07-28\n    published: {PUBLISHED}\n")
    # With an address, the sitemaps list every page.
    edit(content / "site.yml", "list_pending: false", "list_pending: false\nurl: https://example.org/")
    return content


def build_on(content: Path, root: Path, date: str) -> BuildReport:
    return build_site(BuildOptions(content, root / "site", ROOT / "mkdocs.yml", root / "build",
                                   date=dt.date.fromisoformat(date)))


def files_holding(site: Path, needle: str) -> list[str]:
    """Every file of the site holding `needle`, gzip-compressed files read decompressed."""
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        # Pagefind's index stores words apart, in lower case: its ASCII part is looked for too.
        ascii_part = "".join(c for c in needle if c.isascii()).encode().lower()
        if needle.encode().lower() in data.lower() or ascii_part in data.lower():
            found.append(path.relative_to(site).as_posix())
    return found


def test_a_reply_is_in_no_byte_before_its_publication_date_and_everywhere_on_it(
        tmp_path: Path) -> None:
    content = embargoed_content(tmp_path)
    site = tmp_path / "site"
    build_on(content, tmp_path, "2025-02-28")
    assert files_holding(site, MARKER) == []
    assert files_holding(site, ENTRY) == []  # no feed entry
    assert files_holding(site, PUBLISHED) == []  # nor its date, as 数据更新至 or elsewhere
    page = (site / "2024" / "rd-2024-0001" / "index.html").read_text(encoding="utf-8")
    assert "市财政局将按规定安排补助资金。" in page  # the co-handling reply is public
    # A record with nothing public is on no page, listing, sitemap or data file; nor its year.
    assert files_holding(site, "rd-2023-0001") == []
    assert not (site / "2023").exists()

    report = build_on(content, tmp_path, PUBLISHED)
    assert {"2024", "2024.1"} <= set(report.rebuilt)  # no file changed, yet the date passed
    holding = files_holding(site, MARKER)
    assert "2024/rd-2024-0001/index.html" in holding
    assert any(name.startswith("2024/pagefind/") for name in holding)
    assert {"2024/data/replies.csv", "2024/data/records.json"} <= set(holding)
    assert {"feed.xml", "2024/feed.xml"} <= set(files_holding(site, ENTRY))
    assert {"2023/rd-2023-0001/index.html", "2023/data/records.csv", "2023/index.html",
            "2023/sitemap-1.xml", "years/index.html"} <= set(files_holding(site, "rd-2023-0001")
                                       + files_holding(site, "2023年"))

    build_on(content, tmp_path, "2025-02-28")  # a date before it again: held back again
    assert files_holding(site, MARKER) == []


def test_two_builds_on_one_date_are_identical_and_a_later_date_changes_nothing_else(
        tmp_path: Path) -> None:
    content = embargoed_content(tmp_path)
    first = build_on(content, tmp_path / "a", "2025-03-05")
    second = build_on(content, tmp_path / "b", "2025-06-30")
    assert first.build_date == second.build_date == dt.date(2025, 3, 1)
    a, b = tmp_path / "a" / "site", tmp_path / "b" / "site"
    names = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert all((a / name).read_bytes() == (b / name).read_bytes() for name in names)


def test_the_cut_off_is_the_date_asked_else_source_date_epoch_else_the_clock() -> None:
    today = dt.date(2026, 1, 2)
    epoch = {"SOURCE_DATE_EPOCH": "1740787200"}  # 2025-03-01T00:00:00Z
    assert cutoff_date(dt.date(2024, 5, 1), epoch, today) == dt.date(2024, 5, 1)
    assert cutoff_date(None, epoch, today) == dt.date(2025, 3, 1)
    assert cutoff_date(None, {"SOURCE_DATE_EPOCH": ""}, today) == today
    assert cutoff_date(None, {}) == dt.datetime.now(dt.UTC).date()


def test_a_date_that_is_no_date_is_refused_by_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--content", str(tmp_path / "content"),
                                       "--date", "2025-02-30"])
    assert result.exit_code == 2
    assert ("Error: Invalid value for '--date': '2025-02-30' does not match the format "
            "'%Y-%m-%d'.") in result.output


def test_build_says_its_cut_off_and_publishes_nothing_after_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = embargoed_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--config", str(ROOT / "mkdocs.yml"),
                                       "--quiet", "--date", "2025-02-28"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Built 2 of 4 records into site/ (24 pages; editions portal, 2024, 2024.1; dated "
        "2024-05-25; embargo cut-off 2025-02-28).\n")
    assert files_holding(tmp_path / "site", MARKER) == []
    assert content.is_dir()


HELD_BACK_RECORD = """\
id: rd-2025-0001
kind: suggestion
year: 2025
session: 测试市一届人大三次会议
number: 第1号
title: 关于延长社区食堂营业时间的建议
proposers:
  - {name: 孙某, role: 代表}
submitted: 2025-01-09
assigned: 2025-02-10
topics: [elderly-care]
units:
  lead: [civil-affairs]
replies:
  - unit: civil-affairs
    role: lead
    status: approved
    approved: 2025-02-20
    date: 2025-02-18
    published: 2025-03-01
    text: 社区食堂将延长营业时间。
progress:
  - {date: 2025-02-26, text: 已有三处社区食堂延长营业时间。}
"""


def dated(content: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """The build's result line and the home page's "数据更新至" line, built on 2025-02-28."""
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--config",
                                       str(ROOT / "mkdocs.yml"), "--quiet", "--date",
                                       "2025-02-28"])
    assert result.exit_code == 0, result.output
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    return result.stdout.split("; ")[-2], home[home.index("数据更新至"):].split("。")[0]


def test_the_date_of_the_data_comes_only_from_what_is_published(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "2025").mkdir()
    (content / "2025" / "rd-2025-0001.yml").write_text(HELD_BACK_RECORD, encoding="utf-8")
    # A draft's date is no date of the site's either.
    edit(content / "2024" / "rd-2024-0003.yml", "    status: draft\n",
         "    status: draft\n    date: 2025-01-20\n")
    # The newest published date: rd-2024-0001's progress entry.
    assert dated(content, tmp_path, monkeypatch) == ("dated 2024-11-01", "数据更新至 2024-11-01")
    # With its lead reply held back, that entry is not published, nor is its date.
    edit(content / "2024" / "rd-2024-0001.yml", "    published: 2024-05-10\n",
         "    published: 2025-03-01\n")
    assert dated(content, tmp_path, monkeypatch) == ("dated 2024-05-25", "数据更新至 2024-05-25")
    # Listed as pending, the held-back record shows its submission and assignment dates, but
    # no date of its reply or progress.
    edit(content / "site.yml", "list_pending: false", "list_pending: true")
    assert dated(content, tmp_path, monkeypatch) == ("dated 2025-02-10", "数据更新至 2025-02-10")

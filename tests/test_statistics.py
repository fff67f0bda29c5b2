"""The numbers of supervision on the fixture corpus: exact counts, exact cells, exact pages.

The fixture's 2024 holds rd-2024-0001 (B at reply, A after a progress entry, key item, due
2024-05-20, approved 2024-05-08), zx-2024-0002 (A, due 2024-06-01 from its assignment,
approved 2024-05-20) and rd-2024-0003, whose only reply is a draft; 2023 holds one C record.
Built without SOURCE_DATE_EPOCH, the build date is the newest date in the content, 2024-11-01.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.pages.facts import corpus_facts
from generator.pages.plan import partition
from generator.pages.publication import publish
from generator.pages.statistics import Counts, measures, percent
from generator.site.build import check, generate_markdown
from tests.conftest import FIXTURE, ROOT, edit

BUILD_DATE = dt.date(2024, 11, 1)
DRAFT = "status: draft\n    result: B\n"


def year_counts(content: Path, year: int = 2024) -> Counts:
    corpus = check(content, jobs=1)
    published = publish(corpus, BUILD_DATE)
    facts = corpus_facts(corpus, published, partition(corpus, 1000))
    return next(f for f in facts if f.year == year).statistics.total


def page(content: Path, work: Path, url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.chdir(ROOT)  # where mkdocs.yml and Pagefind are
    generate_markdown(content, work)
    edition, _, rest = url.partition("/")
    return (work / "docs" / edition / rest / "index.md").read_text(encoding="utf-8")


def list_pending(content: Path) -> None:
    edit(content / "site.yml", "list_pending: false", "list_pending: true")


def approve_the_draft(content: Path, on: str) -> None:
    edit(content / "2024" / "rd-2024-0003.yml", DRAFT,
         f"status: approved\n    approved: {on}\n    result: B\n    disclosure: full\n")


@pytest.mark.parametrize(("numerator", "denominator", "shown"), [
    (0, 0, "—"), (0, 5, "0.0%"), (5, 5, "100.0%"), (1, 3, "33.3%"), (2, 3, "66.7%"),
    (1, 8, "12.5%"), (1, 16, "6.3%"), (1, 2000, "0.1%"), (1, 2001, "0.0%"),
    (1999, 2000, "100.0%"), (3999, 4000, "100.0%"), (3997, 4000, "99.9%")])
def test_a_share_is_printed_with_one_decimal_rounded_half_up(numerator: int, denominator: int,
                                                            shown: str) -> None:
    assert percent(numerator, denominator) == shown


def test_a_denominator_of_0_shows_a_dash_never_0_or_100_percent(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = page(content, tmp_path, "2023/statistics/", monkeypatch)
    # 2023 has no key item: every share of its key-item row is over no record.
    assert ('<tr><th scope="row">重点督办</th><td>0</td><td>0</td><td>—</td><td>—</td>'
            '<td>—</td><td>—</td><td>—</td><td>—</td><td>—</td></tr>') in text
    assert ('<tr><th scope="row">重点督办</th><td>—</td><td>—</td><td>—</td><td>—</td>'
            '<td>—</td><td>—</td></tr>') in text
    assert year_counts(content, 2023).rate("conversion") == "0.0%"  # 0 of 1 C record


def test_a_b_record_moved_to_a_by_progress_counts_as_converted(content: Path) -> None:
    counts = year_counts(content)
    assert counts.fraction("conversion") == (1, 1)
    assert (counts.fraction("reply:A"), counts.fraction("reply:B")) == ((1, 2), (1, 2))
    assert (counts.fraction("now:A"), counts.fraction("now:B")) == ((2, 2), (0, 2))
    assert counts.rate("conversion") == "100.0%"
    edit(content / "2024" / "rd-2024-0001.yml", "20 台。\n    result: A\n", "20 台。\n")
    counts = year_counts(content)
    assert counts.fraction("conversion") == (0, 1)
    assert (counts.fraction("now:A"), counts.fraction("now:B")) == ((1, 2), (1, 2))
    assert counts.rate("conversion") == "0.0%"


def test_the_cells_show_the_share_and_its_fraction(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = page(content, tmp_path, "portal/statistics/", monkeypatch)
    assert ('<tr><th scope="row"><a href="../2024/statistics/">2024年</a></th><td>2</td>'
            '<td>1</td><td>100.0%<br><span class="rs-fraction">2/2</span></td>') in text
    assert ('<desc id="years-satisfied-desc">2024年：满意率100.0%；2023年：满意率0.0%。</desc>'
            in text)


def test_only_published_records_count_and_a_draft_moves_no_number(content: Path) -> None:
    before = year_counts(content)
    assert (before.records, before.fraction("replied")) == (2, (2, 2))
    # The draft's class, text and any other value of it: nothing it holds is counted.
    edit(content / "2024" / "rd-2024-0003.yml", DRAFT, "status: draft\n    result: C\n")
    edit(content / "2024" / "rd-2024-0003.yml", "这是草稿，永不公开。", "另一份草稿。")
    assert year_counts(content) == before


def test_pending_records_count_where_they_are_listed(content: Path) -> None:
    list_pending(content)
    counts = year_counts(content)
    assert (counts.records, counts.fraction("replied"), counts.rate("replied")) == (
        3, (2, 3), "66.7%")
    assert counts.fraction("on_time") == (2, 2)  # over replied records only


PENDING_ROW = ('<tr><td>第3号</td><td><a href="../rd-2024-0003/">关于增设社区养老驿站的建议</a>'
               '</td><td>市民政局</td><td>2024-02-20</td><td>{due}</td><td>{days}</td>'
               '<td>—</td></tr>')


def test_an_overdue_record_is_listed_then_on_time_once_approved(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    list_pending(content)
    text = page(content, tmp_path / "1", "2024/pending/", monkeypatch)
    assert "逾期天数按本站生成之日 2024-11-01 计算" in text
    assert "<caption>2024年未答复件（截至 2024-11-01，共 1 件）</caption>" in text
    assert PENDING_ROW.format(due="2024-05-20", days=165) in text
    approve_the_draft(content, on="2024-05-15")
    text = page(content, tmp_path / "2", "2024/pending/", monkeypatch)
    assert "本年度的建议提案均已答复。" in text and "<table>" not in text
    assert year_counts(content).fraction("on_time") == (3, 3)


def test_a_reply_approved_after_its_due_date_is_late(content: Path) -> None:
    list_pending(content)
    approve_the_draft(content, on="2024-05-21")
    counts = year_counts(content)
    assert (counts.fraction("on_time"), counts.rate("on_time")) == ((2, 3), "66.7%")


def test_an_extended_deadline_moves_the_due_date_and_the_days_overdue(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    list_pending(content)
    edit(content / "2024" / "rd-2024-0003.yml", "assigned: 2024-02-20\n",
         "assigned: 2024-02-20\nextended: true\n")
    text = page(content, tmp_path / "1", "2024/pending/", monkeypatch)
    assert PENDING_ROW.format(due="2024-08-20（已延期）", days=73) in text
    approve_the_draft(content, on="2024-08-20")  # late without the extension, on time with it
    assert year_counts(content).fraction("on_time") == (3, 3)


def test_the_most_overdue_come_first_and_key_items_are_marked(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    list_pending(content)
    later = (content / "2024" / "rd-2024-0003.yml").read_text(encoding="utf-8")
    later = later.replace("rd-2024-0003", "rd-2024-0004").replace("第3号", "第4号").replace(
        "assigned: 2024-02-20", "assigned: 2024-01-10\nkey_item: {leader: 副市长 张某某}")
    (content / "2024" / "rd-2024-0004.yml").write_text(later, encoding="utf-8")
    text = page(content, tmp_path, "2024/pending/", monkeypatch)
    rows = [line for line in text.splitlines() if line.startswith("<tr><td>")]
    assert rows == [
        '<tr><td>第4号</td><td><a href="../rd-2024-0004/">关于增设社区养老驿站的建议</a></td>'
        '<td>市民政局</td><td>2024-01-10</td><td>2024-04-10</td><td>205</td><td>是</td></tr>',
        PENDING_ROW.format(due="2024-05-20", days=165)]


def test_no_pending_page_unless_pending_records_are_listed(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page(content, tmp_path, "2024/statistics/", monkeypatch)
    assert not (tmp_path / "docs" / "2024" / "pending").exists()


def test_every_definition_is_in_the_readme_and_on_the_about_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    about = (ROOT / "tests" / "golden" / "portal" / "about" / "index.md").read_text(
        encoding="utf-8")
    corpus = check(FIXTURE, jobs=1)
    for measure in measures(corpus.site.classification):
        row = f"| {measure.name} | {measure.numerator_text} | {measure.denominator_text} |"
        assert row in about
        if not measure.key.endswith((":B", ":C")):  # README gives one class for all
            assert row.removeprefix(f"| {measure.name} |") in readme, measure.name

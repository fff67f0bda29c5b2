"""A record whose lead reply is not published now is shown and counted as if unreplied.

Its class, 类别转化, the proposer's feedback and 满意度, its 最新进展 and the status 已答复 all
follow the lead reply: while that reply is held back (embargo) or after it was withdrawn, a
co-handling reply that is published changes none of them. Real builds and the records the
publication gate lets through.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from generator.pages.embargo import held_back
from generator.pages.facts import corpus_facts
from generator.pages.plan import partition
from generator.pages.publication import PublicRecord, publish
from generator.site.build import BuildOptions, build_site, check
from tests.conftest import FIXTURE, ROOT, edit

R1 = Path("2024") / "rd-2024-0001.yml"
CO_REPLY = "  - unit: finance\n    role: co\n    status: approved\n"


def content_with(root: Path, old: str, new: str) -> Path:
    """The fixture with one edit of rd-2024-0001, whose lead reply has class B, feedback
    基本满意 and a progress entry that moves it to class A."""
    content = root / "content"
    shutil.copytree(FIXTURE, content)
    edit(content / R1, old, new)
    return content


def stands(content: Path, cutoff: dt.date) -> tuple[str, str | None, object, int]:
    """rd-2024-0001's status, class now, feedback and number of progress entries."""
    record = r1(publish(held_back(check(content, jobs=1), cutoff), cutoff))
    return (record.status, record.result.code if record.result else None, record.feedback,
            len(record.progress))


def r1(records: list[PublicRecord]) -> PublicRecord:
    return next(record for record in records if record.id == "rd-2024-0001")


def shares(content: Path, cutoff: dt.date) -> dict[str, tuple[int, int]]:
    """2024's class shares at reply time and now, 类别转化率 and 满意率, over every record."""
    corpus = held_back(check(content, jobs=1), cutoff)
    records = publish(corpus, cutoff)
    facts = next(f for f in corpus_facts(corpus, records, partition(corpus, 1000))
                 if f.year == 2024)
    return {key: facts.statistics.total.fraction(key)
            for key in ("replied", "reply:A", "reply:B", "now:A", "now:B", "conversion",
                        "satisfied")}


def test_an_embargoed_lead_reply_leaves_the_record_as_if_unreplied(tmp_path: Path) -> None:
    content = content_with(tmp_path, "    published: 2024-05-10\n", "    published: 2025-03-01\n")
    # On the day, the lead reply is public with its class B, now A after 最新进展.
    assert stands(content, dt.date(2025, 3, 1))[:2] == ("已答复", "A")
    assert shares(content, dt.date(2025, 3, 1)) == {
        "replied": (2, 2), "reply:A": (1, 2), "reply:B": (1, 2), "now:A": (2, 2),
        "now:B": (0, 2), "conversion": (1, 1), "satisfied": (2, 2)}
    # Before it, only the co-handling reply is public: no class, feedback or progress.
    assert stands(content, dt.date(2025, 2, 28)) == ("已逾期", None, None, 0)
    assert shares(content, dt.date(2025, 2, 28)) == {
        "replied": (1, 2), "reply:A": (1, 1), "reply:B": (0, 1), "now:A": (1, 1),
        "now:B": (0, 1), "conversion": (0, 0), "satisfied": (1, 1)}

    site = tmp_path / "site"
    build_site(BuildOptions(content, site, ROOT / "mkdocs.yml", tmp_path / "build",
                            date=dt.date(2025, 2, 28)))
    page = (site / "2024" / "rd-2024-0001" / "index.html").read_text(encoding="utf-8")
    assert "<dt>办理结果</dt><dd>已逾期</dd>" in page
    assert 'data-pagefind-filter="办理结果:已逾期"' in page
    assert 'data-pagefind-filter="满意度:未评价"' in page
    for shown in ("基本满意", "沟通情况", "最新进展", "年内又完成加装电梯 20 台。", "A类"):
        assert shown not in page, shown
    rows = (site / "2024" / "data" / "records.csv").read_text(encoding="utf-8-sig")
    row = next(line for line in rows.splitlines() if line.startswith("rd-2024-0001,"))
    assert row.split(",")[-5:] == ["已逾期", "", "", "2024-04-20", "2024/rd-2024-0001/"]
    home = (site / "index.html").read_text(encoding="utf-8")
    latest = home[home.index('href="2024/rd-2024-0001/"'):]
    # Listed by the publication of its co-handling reply, the date the list is sorted by.
    assert latest[:latest.index("</tr>")].endswith("<td>已逾期</td><td>2024-04-20</td>")


def test_a_withdrawn_lead_reply_takes_its_class_feedback_and_progress_along(
        tmp_path: Path) -> None:
    content = content_with(tmp_path, CO_REPLY, CO_REPLY.replace("approved\n", "draft\n"))
    edit(content / R1, "    result: B\n", "    result: B\n"
         "    withdrawn: {date: 2024-07-01, reason: 答复所引数据需重新核实}\n")
    # Progress dated after the withdrawal still moves no class: there is no reply to move.
    assert stands(content, dt.date(2025, 1, 1)) == ("已撤回", None, None, 0)
    assert shares(content, dt.date(2025, 1, 1)) == {
        "replied": (1, 2), "reply:A": (1, 1), "reply:B": (0, 1), "now:A": (1, 1),
        "now:B": (0, 1), "conversion": (0, 0), "satisfied": (1, 1)}


def test_a_record_whose_lead_reply_is_a_draft_shows_no_class_or_feedback(
        tmp_path: Path) -> None:
    content = content_with(tmp_path, "    status: approved\n    approved: 2024-05-08\n",
                           "    status: draft\n    approved: 2024-05-08\n")
    assert stands(content, dt.date(2025, 1, 1)) == ("已逾期", None, None, 0)

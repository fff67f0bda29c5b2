"""Every number of the statistics, recounted from generated record files with plain loops.

Hypothesis writes corpora of fictional records (drafts and approved replies, lead and
co-handling, withheld texts, feedback, progress that changes the class, extended deadlines,
key items) with `list_pending` on or off; the build's path (check, publish, the kept year facts)
must give the counts a loop over the files' own values gives, for every year, kind, lead unit,
unit, topic and the key items.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pages.facts import corpus_facts
from generator.pages.plan import partition
from generator.pages.publication import publish
from generator.pages.statistics import Counts
from generator.site.build import check
from tests.conftest import FIXTURE

UNITS = ("housing", "civil-affairs", "finance")
TOPICS = ("elderly-care", "urban-renewal")
CLASSES = ("A", "B", "C")
TODAY = dt.date(2026, 1, 1)
Doc = dict[str, Any]


@st.composite
def dates(draw: st.DrawFn, year: int) -> dt.date:
    # Days up to the 28th, so that a date some months later is the same day of its month.
    return dt.date(year + draw(st.integers(0, 1)), draw(st.integers(1, 12)),
                   draw(st.integers(1, 28)))


def months_later(day: dt.date, months: int) -> dt.date:
    """`day` (the 28th or before) some months later: the same day of that month."""
    index = day.month - 1 + months
    return dt.date(day.year + index // 12, index % 12 + 1, day.day)


@st.composite
def approval(draw: st.DrawFn, year: int, due_dates: list[dt.date]) -> dt.date:
    """Any date, or one right around a date the reply may be due on."""
    near: int = draw(st.integers(0, 3))  # three times in four, when there are due dates
    if due_dates and near:
        return draw(st.sampled_from(due_dates)) + dt.timedelta(draw(st.sampled_from([-1, 0, 1])))
    return draw(dates(year))


@st.composite
def reply(draw: st.DrawFn, unit: str, role: str, year: int, due_dates: list[dt.date]) -> Doc:
    status = draw(st.sampled_from(["draft", "approved", "approved"]))
    doc: Doc = {"unit": unit, "role": role, "status": status}
    if doc["status"] == "approved":
        doc["approved"] = draw(approval(year, due_dates))
    result = draw(st.none() | st.sampled_from(CLASSES))
    if result:
        doc["result"] = result
    if draw(st.booleans()):
        doc.update(disclosure="withheld", withheld_reason="涉及尚未公开的测试方案")
    doc["text"] = "测试答复正文。"
    return doc


@st.composite
def record(draw: st.DrawFn, number: int) -> Doc:
    year = draw(st.sampled_from([2023, 2024]))
    kind = draw(st.sampled_from(["suggestion", "proposal"]))
    lead = draw(st.sampled_from(UNITS))
    co = draw(st.lists(st.sampled_from([u for u in UNITS if u != lead]), unique=True,
                       max_size=2))
    doc: Doc = {"id": f"{'rd' if kind == 'suggestion' else 'zx'}-{year}-{number:04d}",
                "kind": kind, "year": year, "session": "测试会议", "number": f"第{number}号",
                "title": f"关于测试事项{number}的建议", "proposers": [{"name": "王某某"}],
                "topics": draw(st.lists(st.sampled_from(TOPICS), min_size=1, unique=True)),
                "units": {"lead": [lead], "co": co}}
    assigned = draw(st.none() | dates(year))
    due_dates = []
    if assigned:
        doc["assigned"] = assigned
        due_dates = [months_later(assigned, 3), months_later(assigned, 6)]
        if draw(st.booleans()):
            doc["due"] = assigned + dt.timedelta(draw(st.integers(0, 200)))
            due_dates.append(doc["due"])
    if draw(st.booleans()):
        doc["extended"] = True
    if draw(st.booleans()):
        doc["key_item"] = {"leader": "副市长 张某某"}
    replies = [draw(reply(lead, "lead", year, due_dates))] if draw(st.booleans()) else []
    replies += [draw(reply(unit, "co", year, due_dates)) for unit in co if draw(st.booleans())]
    if replies:
        doc["replies"] = replies
    if draw(st.booleans()):
        doc["feedback"] = {key: value for key, value in (
            ("contacted", draw(st.none() | st.booleans())),
            ("met", draw(st.none() | st.booleans())),
            ("satisfaction", draw(st.none() | st.sampled_from(["满意", "基本满意", "不满意"]))),
        ) if value is not None}
    progress = [{"date": draw(dates(year)), "text": "测试进展。",
                 **({"result": r} if (r := draw(st.none() | st.sampled_from(CLASSES))) else {})}
                for _ in range(draw(st.integers(0, 2)))]
    if progress:
        doc["progress"] = progress
    return doc


@st.composite
def corpora(draw: st.DrawFn) -> tuple[bool, list[Doc]]:
    count = draw(st.integers(1, 12))
    return draw(st.booleans()), [draw(record(number)) for number in range(1, count + 1)]


@contextmanager
def written(list_pending: bool, docs: list[Doc]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="replysite-stats-") as folder:
        content = Path(folder) / "content"
        content.mkdir()
        for name in ("units.yml", "topics.yml"):
            shutil.copy(FIXTURE / name, content / name)
        site = (FIXTURE / "site.yml").read_text(encoding="utf-8")
        (content / "site.yml").write_text(
            site.replace("list_pending: false", f"list_pending: {str(list_pending).lower()}"),
            encoding="utf-8")
        for doc in docs:
            folder_of_year = content / str(doc["year"])
            folder_of_year.mkdir(exist_ok=True)
            (folder_of_year / f"{doc['id']}.yml").write_text(
                yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        yield content


# --- the plain recount ------------------------------------------------------------------------


def due_date(doc: Doc) -> dt.date | None:
    if "due" in doc:
        return doc["due"]  # type: ignore[no-any-return]
    if "assigned" not in doc:
        return None
    return months_later(doc["assigned"], 6 if doc.get("extended") else 3)


def shares(doc: Doc) -> dict[str, tuple[bool, bool]]:
    """For one counted record: each measure's (numerator, denominator)."""
    approved = [r for r in doc.get("replies", []) if r["status"] == "approved"]
    lead = next((r for r in approved if r["role"] == "lead"), None)
    # Feedback and 类别转化 are of the lead reply: without one published, there are none.
    feedback = doc.get("feedback") if lead else None
    satisfaction = feedback.get("satisfaction") if feedback is not None else None
    at_reply = lead.get("result") if lead else None
    now = at_reply
    if lead:
        for entry in sorted(doc.get("progress", []), key=lambda e: e["date"]):
            if entry.get("result"):
                now = entry["result"]
    due = due_date(doc)
    found = {
        "replied": (lead is not None, True),
        "on_time": (lead is not None and due is not None and lead["approved"] <= due,
                    lead is not None and due is not None),
        "contacted": (bool(feedback and feedback.get("contacted")), feedback is not None),
        "met": (bool(feedback and feedback.get("met")), feedback is not None),
        "satisfied": (satisfaction in ("满意", "基本满意"), satisfaction is not None),
        "fully_satisfied": (satisfaction == "满意", satisfaction is not None),
        "conversion": (at_reply not in (None, "A") and now == "A", at_reply not in (None, "A")),
    }
    for code in CLASSES:
        found[f"reply:{code}"] = (at_reply == code, at_reply is not None)
        found[f"now:{code}"] = (now == code, now is not None)
    return found


Plain = tuple[int, int, dict[str, tuple[int, int]]]


def add(groups: dict[str, Plain], name: str, doc: Doc) -> None:
    records, key_items, counted = groups.get(name, (0, 0, {}))
    for key, (numerator, denominator) in shares(doc).items():
        before = counted.get(key, (0, 0))
        counted[key] = (before[0] + (numerator and denominator), before[1] + denominator)
    groups[name] = (records + 1, key_items + ("key_item" in doc), counted)


def recount(list_pending: bool, docs: list[Doc]) -> dict[tuple[int, str], dict[str, Plain]]:
    """(year, group) -> name -> counts, for the records that may be known."""
    out: dict[tuple[int, str], dict[str, Plain]] = {}
    for doc in docs:
        if not any(r["status"] == "approved" for r in doc.get("replies", [])) and not (
                list_pending):
            continue
        year = doc["year"]
        lead = doc["units"]["lead"]
        for group, names in (("total", ["all"]), ("kinds", [doc["kind"]]),
                             ("lead_units", lead), ("units", lead + doc["units"]["co"]),
                             ("topics", doc["topics"]),
                             ("key_items", ["all"] if "key_item" in doc else [])):
            for name in names:
                add(out.setdefault((year, group), {}), name, doc)
    return out


def plain(counts: Counts) -> Plain:
    return counts.records, counts.key_items, counts.shares


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_every_number_is_the_plain_recount_of_the_files(corpus: tuple[bool, list[Doc]]) -> None:
    list_pending, docs = corpus
    with written(list_pending, docs) as content:
        checked = check(content, jobs=1)
        published = publish(checked, TODAY)
        facts = corpus_facts(checked, published, partition(checked, 1000))
    expected = recount(list_pending, docs)
    for year_facts in facts:
        statistics = year_facts.statistics
        found = {"total": {"all": plain(statistics.total)},
                 "kinds": {k: plain(c) for k, c in statistics.kinds.items()},
                 "lead_units": {k: plain(c) for k, c in statistics.lead_units.items()},
                 "units": {k: plain(c) for k, c in statistics.units.items()},
                 "topics": {k: plain(c) for k, c in statistics.topics.items()},
                 "key_items": {"all": plain(statistics.key_items)}}
        for group, by_name in found.items():
            wanted = expected.get((year_facts.year, group), {})
            if group in ("total", "key_items") and not wanted:
                assert by_name["all"][:2] == (0, 0)
                assert all(d == 0 for _, d in by_name["all"][2].values())
                continue
            assert by_name == wanted, (year_facts.year, group)

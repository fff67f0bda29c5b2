"""The numbers of supervision, each defined once: what is counted, over what, and how it reads.

Each `Measure` is a share of records: its numerator and its denominator are predicates over a
`PublicRecord` (a record counts towards the numerator only if it counts towards the
denominator), and its `numerator_text` and `denominator_text` say the same in words, for
/about/ and README.md. The numbers are those that yearly 办理工作总结 of handling units report
(答复率, 按期答复率, 沟通率, 见面率, 满意率, class shares, 类别转化率), computed from the records
the site publishes.

Only what the gate (`generator.pages.publication.publish`) lets through is counted: records with
an approved reply, withheld ones included (their metadata is public), and records with none
only where site.yml's `list_pending` is on. A draft reply is not in a `PublicRecord`, so its
text, class or date never moves a number.

A year's counts (`YearStatistics`) are part of its `YearFacts`, kept between builds, so the
portal's statistics never load a year in which nothing changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from generator.pages.publication import PublicRecord
from generator.records.models import ResultClass

Predicate = Callable[[PublicRecord], bool]
NO_VALUE = "—"  # a share over no record: never 0 % or 100 %


@dataclass(frozen=True)
class Measure:
    """A share of records: `numerator` of those for which `denominator` holds."""

    key: str  # stable: counts are kept under it between builds
    name: str  # as readers know it: 答复率
    numerator_text: str
    denominator_text: str
    numerator: Predicate
    denominator: Predicate


def measures(classification: Sequence[ResultClass]) -> tuple[Measure, ...]:
    """Every measure, in the order tables show them. The class shares follow site.yml's
    classification; its first class is the one records are converted to (A, 已解决或基本解决)."""
    first = classification[0].code
    shares = [_class_share(c, when) for when in ("reply", "now") for c in classification]
    return (*_RATES, *shares, Measure(
        "conversion", "类别转化率",
        f"答复时为{first}类以外类别、答复后经最新进展调整为{first}类的件数",
        f"答复时为{first}类以外类别的件数",
        lambda r: _code(r.result) == first,
        lambda r: r.original_result is not None and r.original_result.code != first))


def _code(result: ResultClass | None) -> str | None:
    return result.code if result else None


def _replied(record: PublicRecord) -> bool:
    return record.lead_reply is not None


def _on_time(record: PublicRecord) -> bool:
    reply = record.lead_reply
    return reply is not None and record.due is not None and reply.approved <= record.due


def _has_feedback(record: PublicRecord) -> bool:
    return record.feedback is not None


def _rated(record: PublicRecord) -> bool:
    return record.feedback is not None and record.feedback.satisfaction is not None


def _satisfaction(record: PublicRecord) -> str | None:
    return record.feedback.satisfaction if record.feedback else None


_RATES = (
    Measure("replied", "答复率", "主办单位答复已审定公开的件数", "计入统计的件数",
            _replied, lambda r: True),
    Measure("on_time", "按期答复率", "主办单位答复在答复期限当日或之前审定的件数",
            "主办单位答复已审定、且有答复期限的件数", _on_time,
            lambda r: _replied(r) and r.due is not None),
    Measure("contacted", "沟通率", "已与代表委员沟通的件数", "有代表委员反馈的件数",
            lambda r: bool(r.feedback and r.feedback.contacted), _has_feedback),
    Measure("met", "见面率", "已与代表委员见面的件数", "有代表委员反馈的件数",
            lambda r: bool(r.feedback and r.feedback.met), _has_feedback),
    Measure("satisfied", "满意率", "评价为满意或基本满意的件数", "代表委员作出评价的件数",
            lambda r: _satisfaction(r) in ("满意", "基本满意"), _rated),
    Measure("fully_satisfied", "满意", "评价为满意的件数", "代表委员作出评价的件数",
            lambda r: _satisfaction(r) == "满意", _rated),
)


def _class_share(result_class: ResultClass, when: str) -> Measure:
    code = result_class.code
    if when == "reply":
        return Measure(f"reply:{code}", f"答复时{code}类", f"主办单位答复时为{code}类的件数",
                       "主办单位答复时有办理结果的件数",
                       lambda r: _code(r.original_result) == code,
                       lambda r: r.original_result is not None)
    return Measure(f"now:{code}", f"现为{code}类", f"现在（计入最新进展后）为{code}类的件数",
                   "现在有办理结果的件数", lambda r: _code(r.result) == code,
                   lambda r: r.result is not None)


@dataclass(frozen=True)
class Counts:
    """How a group of records stands: how many, and each measure's numerator and denominator."""

    records: int
    key_items: int
    shares: dict[str, tuple[int, int]]  # Measure.key -> (numerator, denominator)

    def rate(self, key: str) -> str:
        """The share as a percentage with one decimal, rounded half up; "—" over no record."""
        numerator, denominator = self.shares.get(key, (0, 0))
        return percent(numerator, denominator)

    def fraction(self, key: str) -> tuple[int, int]:
        """The measure `key` as (numerator, denominator): records counted, not a share."""
        return self.shares.get(key, (0, 0))

    def __add__(self, other: Counts) -> Counts:
        keys = dict.fromkeys([*self.shares, *other.shares])
        return Counts(self.records + other.records, self.key_items + other.key_items,
                      {key: _plus(self.fraction(key), other.fraction(key)) for key in keys})


EMPTY = Counts(0, 0, {})


def _plus(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return a[0] + b[0], a[1] + b[1]


def percent(numerator: int, denominator: int) -> str:
    """`numerator / denominator` as "85.0%", rounded half up in whole integers so that every
    build prints the same digits; "—" when the denominator is 0."""
    if denominator == 0:
        return NO_VALUE
    tenths = (2000 * numerator + denominator) // (2 * denominator)
    return f"{tenths // 10}.{tenths % 10}%"


def count(records: Iterable[PublicRecord], chosen: Sequence[Measure]) -> Counts:
    """The counts of `records` for the `chosen` measures."""
    return _sum([_vector(record, chosen) for record in records], chosen)


def _vector(record: PublicRecord, chosen: Sequence[Measure]) -> tuple[int, ...]:
    """One record's part of every count: itself, a key item or not, then per measure
    whether it counts towards the numerator and the denominator."""
    values = [1, record.key_item_leader is not None]
    for measure in chosen:
        counted = measure.denominator(record)
        values += [counted and measure.numerator(record), counted]
    return tuple(int(value) for value in values)


def _sum(vectors: Sequence[tuple[int, ...]], chosen: Sequence[Measure]) -> Counts:
    if not vectors:
        return Counts(0, 0, {measure.key: (0, 0) for measure in chosen})
    totals = [sum(column) for column in zip(*vectors, strict=True)]
    return Counts(totals[0], totals[1],
                  {m.key: (totals[2 + 2 * i], totals[3 + 2 * i]) for i, m in enumerate(chosen)})


@dataclass(frozen=True)
class YearStatistics:
    """A year's counts: in all, by kind, by lead unit, by unit leading or co-handling, by
    topic, and of its key items (重点督办). Units and topics are keyed by slug."""

    total: Counts
    kinds: dict[str, Counts]
    lead_units: dict[str, Counts]
    units: dict[str, Counts]
    topics: dict[str, Counts]
    key_items: Counts


def year_statistics(records: Sequence[PublicRecord],
                    chosen: Sequence[Measure]) -> YearStatistics:
    """The counts of one year's published `records` (see the module's note on what counts)."""
    vectors = {record.id: _vector(record, chosen) for record in records}
    groups: dict[str, dict[str, list[tuple[int, ...]]]] = {
        "kinds": {}, "lead_units": {}, "units": {}, "topics": {}}
    for record in records:
        vector = vectors[record.id]
        lead = dict.fromkeys(ref.unit.slug for ref in record.lead_units)
        either = dict.fromkeys([*lead, *(ref.unit.slug for ref in record.co_units)])
        for group, slugs in (("kinds", (record.kind,)), ("lead_units", lead),
                             ("units", either),
                             ("topics", dict.fromkeys(t.slug for t in record.topics))):
            for slug in slugs:
                groups[group].setdefault(slug, []).append(vector)

    def summed(group: str) -> dict[str, Counts]:
        return {slug: _sum(found, chosen) for slug, found in sorted(groups[group].items())}

    return YearStatistics(
        total=_sum(list(vectors.values()), chosen), kinds=summed("kinds"),
        lead_units=summed("lead_units"), units=summed("units"), topics=summed("topics"),
        key_items=_sum([vectors[r.id] for r in records if r.key_item_leader is not None],
                       chosen))


def total(counts: Iterable[Counts]) -> Counts:
    """The counts of several groups of records that share none."""
    result = EMPTY
    for item in counts:
        result = result + item
    return result


def rate_measures(chosen: Sequence[Measure]) -> list[Measure]:
    """The measures that are rates of handling (答复率 … 类别转化率), not class shares."""
    return [m for m in chosen if not m.key.startswith(("reply:", "now:"))]


def share_measures(chosen: Sequence[Measure], when: str) -> list[Measure]:
    """The share of each class, at reply time (`when` "reply") or now ("now")."""
    return [m for m in chosen if m.key.startswith(f"{when}:")]


@dataclass(frozen=True)
class Row:
    """A row of a statistics table: what it counts, the page that lists it, its counts."""

    label: str
    url: str | None
    counts: Counts
    slug: str | None = None  # the kind's, unit's or topic's; 'total', 'key_items'


# --- deadlines --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """A record without an approved lead reply, and how many days its reply is overdue on the
    build date (0 while it is not yet due or has no due date)."""

    record: PublicRecord
    days_overdue: int


def pending(records: Iterable[PublicRecord], today: dt.date) -> list[Pending]:
    """The records without an approved lead reply, most overdue first (the earliest due
    date), then those with no due date; in id order where they tie."""
    waiting = [r for r in records if r.lead_reply is None]
    waiting.sort(key=lambda r: (r.due is None, r.due or today, r.id))
    return [Pending(r, max((today - r.due).days, 0) if r.due else 0) for r in waiting]

"""What the portal needs of a year: counts of its published records, never the records.

The portal counts records by year, kind, unit and topic, and lists the newest replies and the
search indexes. A year's `YearFacts` hold all of that, so that the build can keep them
(`generator.site.kept`) and plan the portal without loading a year in which nothing changed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from generator.pages.publication import PublicRecord
from generator.pages.search_keys import identifier_keys
from generator.pages.statistics import Measure, YearStatistics, measures, year_statistics
from generator.records.disclosure import has_lead_reply
from generator.records.models import Record
from generator.records.validate import Corpus

LATEST = 10  # the newest replies the home page lists


@dataclass(frozen=True)
class DataFile:
    """One of a year's data files (generator.data) as the 数据下载 page lists it."""

    path: str  # in the year's folder: 'data/records.csv'
    size: int  # bytes
    sha256: str  # hex digest of the bytes
    rows: int  # the records or replies it holds


@dataclass(frozen=True)
class FeedEntry:
    """A published reply or 最新进展 entry as an Atom feed lists it (generator.data.feeds)."""

    id: str  # stable, from the record's id and the anchor of the reply or entry
    title: str
    url: str  # from the site's root: '2024/rd-2024-0001/#reply-housing-lead'
    updated: dt.date  # the reply's publication date, or the entry's date
    summary: str


@dataclass(frozen=True)
class YearFacts:
    """One year as the portal sees it: counts of its published records, never the records."""

    year: int
    ids: tuple[str, ...]  # every record, published or not: ids are unique across years
    published: int
    kinds: dict[str, int]
    units: dict[str, tuple[int, int, int]]  # slug -> records it led, co-handled, either
    topics: dict[str, int]
    latest: tuple[PublicRecord, ...]  # its newest replies, newest first
    parts: tuple[str, ...]  # the parts with a published record, in order
    newest: dt.date | None  # the newest date its published records show (newest_date)
    rules_used: dict[int, int]  # site.yml's redaction rules used in its records
    statistics: YearStatistics  # the numbers of supervision (generator.pages.statistics)
    data_files: tuple[DataFile, ...] = ()  # its data files, set where they are written
    feed: tuple[FeedEntry, ...] = ()  # its newest feed entries, newest first, at most FEED_SIZE
    # The same of each unit and topic (slug -> entries), for their feeds in the portal: a
    # year's newest FEED_SIZE of a term hold every entry the term's newest across years can.
    unit_feeds: dict[str, tuple[FeedEntry, ...]] = field(default_factory=dict)
    topic_feeds: dict[str, tuple[FeedEntry, ...]] = field(default_factory=dict)
    # Of `published`, those listed with no published reply (list_pending), by kind and status
    # (办理中, 已逾期): the home page counts them apart from the replies.
    pending_kinds: dict[str, int] = field(default_factory=dict)
    pending: dict[str, int] = field(default_factory=dict)
    # The identifiers of its published records (generator.pages.search_keys identifier_keys:
    # numbers, 文号, 索引号), sorted: the portal's identifier map tells the search page which
    # years hold one.
    identifiers: tuple[str, ...] = ()


def year_facts(year: int, sources: Sequence[Record], published: Sequence[PublicRecord],
               part_of: dict[str, str], newest: dt.date | None,
               rules_used: Counter[int], chosen: Sequence[Measure]) -> YearFacts:
    """The facts of one year from `sources` (all its records) and `published` (those it
    publishes). `part_of` maps each published record's id to its part ('2024.1'; one missing
    raises KeyError); `newest` is the newest date `sources` publish (`newest_date`); `rules_used`
    counts the uses of each of site.yml's redaction rules, by its index; `chosen` are the
    measures counted for the year's statistics."""
    units: dict[str, list[int]] = {}
    for record in published:
        led = {ref.unit.slug for ref in record.lead_units}
        co = {ref.unit.slug for ref in record.co_units}
        for slug in dict.fromkeys([*(r.unit.slug for r in record.lead_units),
                                   *(r.unit.slug for r in record.co_units)]):
            counts = units.setdefault(slug, [0, 0, 0])
            counts[0] += slug in led
            counts[1] += slug in co
            counts[2] += 1
    replied = [record for record in published if record.published is not None]
    return YearFacts(
        year=year,
        ids=tuple(record.id for record in sources),
        published=len(published),
        kinds=dict(Counter(record.kind for record in published)),
        units={slug: (led, co, either) for slug, (led, co, either) in units.items()},
        topics=dict(Counter(slug for record in published
                            for slug in dict.fromkeys(topic.slug for topic in record.topics))),
        latest=tuple(sorted(replied, key=lambda r: (r.published, r.id), reverse=True)[:LATEST]),
        parts=tuple(sorted({part_of[record.id] for record in published},
                           key=lambda part: int(part.split(".")[1]))),
        newest=newest,
        rules_used=dict(rules_used),
        statistics=year_statistics(published, chosen),
        pending_kinds=dict(Counter(record.kind for record in published if not record.replies)),
        pending=dict(Counter(record.status for record in published if not record.replies)),
        identifiers=tuple(sorted({key for record in published
                                  for key in identifier_keys(record)})),
    )


def corpus_facts(corpus: Corpus, published: Sequence[PublicRecord],
                 part_of: dict[str, str]) -> list[YearFacts]:
    """The facts of every year the corpus holds (`published`: its published records)."""
    sources: dict[int, list[Record]] = {}
    public: dict[int, list[PublicRecord]] = {}
    chosen = measures(corpus.site.classification)
    for record in corpus.records:
        sources.setdefault(record.year, []).append(record)
    for public_record in published:
        public.setdefault(public_record.year, []).append(public_record)
    return [year_facts(year, sources[year], public.get(year, []), part_of,
                       newest_date(sources[year], corpus.site.list_pending),
                       corpus.rules_used.get(year, Counter()), chosen)
            for year in sorted(sources)]


def newest_date(records: Iterable[Record], list_pending: bool) -> dt.date | None:
    """The latest of the dates the records publish (`record_dates`; `list_pending`: site.yml's,
    which publishes the metadata of records without an approved reply); None if none."""
    return max((d for record in records for d in record_dates(record, list_pending)),
               default=None)


def record_dates(record: Record, list_pending: bool) -> Iterator[dt.date]:
    """Every date of `record` that the site publishes, as the publication gate lets it
    through (`generator.pages.publication`): none for a record that is not published; its
    submission and assignment when it is; each approved reply's date, approval, publication,
    corrections and withdrawal; and the progress entries' dates only while a lead reply is
    published. Replies held back until their publication date are out of the record by now
    (`generator.pages.embargo.held_back`), and drafts are never published, so neither can give
    the site its "数据更新至" date."""
    approved = [reply for reply in record.replies if reply.status == "approved"]
    if not approved and not list_pending:
        return
    yield from (d for d in (record.submitted, record.assigned) if d)
    for reply in approved:
        yield from (d for d in (reply.date, reply.approved, reply.published) if d)
        yield from (correction.date for correction in reply.corrections)
        if reply.withdrawn is not None:
            yield reply.withdrawn.date
    if has_lead_reply(record):
        yield from (entry.date for entry in record.progress)

"""Stage 3a: what the build needs of a year besides its pages, kept so that a year in which
nothing changed is not even loaded.

The portal counts records by year, kind, unit and topic, lists the newest replies and the
search indexes; a build keys each edition by its record files and attachments. All of that is
a year's `YearFacts` and `EditionInputs`, kept in the work folder under a digest of the year's
files and of everything their check depends on (`year_key`). A build loads, checks, publishes
and plans only the years whose files changed or whose editions must be built again; at
100,000 records, reading back every checked record took most of a rebuild's time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.models import Record
from generator.publication import PublicRecord
from generator.validate import Corpus

LATEST = 10  # the newest replies the home page lists
# Bumped when what is kept changes shape, so that older files are read as absent.
_FORMAT = 1


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
    newest: dt.date | None  # the newest date in any of its records
    rules_used: dict[int, int]  # site.yml's redaction rules used in its records


@dataclass(frozen=True)
class EditionInputs:
    """What one edition's key is made of, besides what every edition shares."""

    pages: int
    record_files: tuple[tuple[str, str], ...]  # file name, digest of its bytes
    attachments: tuple[str, ...]  # names relative to the content folder
    epoch: int  # the date the edition shows


@dataclass(frozen=True)
class KeptYear:
    key: str  # year_key of the files the facts were taken from
    facts: YearFacts
    editions: dict[str, EditionInputs]


def year_facts(year: int, sources: Sequence[Record], published: Sequence[PublicRecord],
               part_of: dict[str, str], newest: dt.date | None,
               rules_used: Counter[int]) -> YearFacts:
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
    )


def corpus_facts(corpus: Corpus, published: Sequence[PublicRecord],
                 part_of: dict[str, str]) -> list[YearFacts]:
    """The facts of every year the corpus holds (`published`: its published records)."""
    sources: dict[int, list[Record]] = {}
    public: dict[int, list[PublicRecord]] = {}
    for record in corpus.records:
        sources.setdefault(record.year, []).append(record)
    for public_record in published:
        public.setdefault(public_record.year, []).append(public_record)
    return [year_facts(year, sources[year], public.get(year, []), part_of,
                       newest_date(sources[year]), corpus.rules_used.get(year, Counter()))
            for year in sorted(sources)]


def newest_date(records: Iterable[Record]) -> dt.date | None:
    return max((d for record in records for d in record_dates(record)), default=None)


def record_dates(record: Record) -> Iterator[dt.date]:
    for reply in record.replies:
        yield from (d for d in (reply.date, reply.approved, reply.published) if d)
    yield from (entry.date for entry in record.progress)
    yield from (d for d in (record.submitted, record.assigned) if d)


def year_key(context: str, part_size: int, files: Iterable[tuple[str, str]]) -> str:
    """A digest of a year's record files (name, digest of the bytes) and of what their check
    and planning depend on: `context` (vocabularies, site.yml, the generator's code) and the
    size of a part."""
    digest = hashlib.sha256(f"format {_FORMAT}\n{context}\nparts of {part_size}\n".encode())
    for name, file_digest in sorted(files):
        digest.update(f"\0{name}\0{file_digest}".encode())
    return digest.hexdigest()


class YearStore:
    """Kept years in the work folder: `<folder>/<year>.pickle`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load(self, year: int, key: str) -> KeptYear | None:
        """The kept year if it was kept under `key`; a stale or damaged file is ignored."""
        try:
            with open(self._path(year), "rb") as kept_file:
                version, kept = pickle.load(kept_file)  # only our own work folder is read
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError):
            return None
        if version != _FORMAT or not isinstance(kept, KeptYear) or kept.key != key:
            return None
        return kept

    def save(self, year: int, kept: KeptYear) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self._path(year).with_suffix(".tmp")
        with open(temporary, "wb") as out:
            pickle.dump((_FORMAT, kept), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self._path(year))

    def _path(self, year: int) -> Path:
        return self.folder / f"{year}.pickle"

"""Closed years: their records frozen against the archive kept in the content folder.

site.yml's `closed_years` names the years whose edition is final. Each has its archive at
`content/archives/<year>.tar.gz`, made by `replysite archive`. `check` then holds the year's
records to it: each record as the site would publish it now must be the record as the archive's
records.json publishes it. Only what is published is frozen, since the archive holds nothing
else: a draft or a withheld text may still be edited, while approving a draft, changing a
published field, adding a published record or taking one down is refused, naming the file,
the line and the field. A correction (a reply's new `corrections` entry) may change what a
correction changes of its reply; the archive then lacks it, and the build asks for the year
to be archived again. The names that come from units.yml, topics.yml and site.yml's classes
are compared by their slugs and codes: a unit renamed after an institutional reform is no
change to a closed year, whose pages keep the names they were archived with.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.archive.bag import ArchiveError
from generator.data.files import RECORDS_JSON, as_published
from generator.pages.facts import newest_date
from generator.pages.publication import PublicRecord, PublicReply, publish
from generator.records.document import Document, Location, load_document
from generator.records.load import LoadedContent, find_content
from generator.records.models import Record
from generator.records.problems import ContentError, LoadError, Problem, display_path
from generator.records.validate import Corpus, validate

ARCHIVES = "archives"
_NO_DATE = dt.date(2000, 1, 1)  # build_epoch's, for content without a date

Json = Any


def archive_of(content: Path, year: int) -> Path:
    """Where a closed year's archive is kept: `content/archives/<year>.tar.gz`."""
    return content / ARCHIVES / f"{year}.tar.gz"


def closed_years(loaded: LoadedContent) -> list[int]:
    """The years site.yml closes, as written (check has refused anything but years)."""
    years = loaded.site.data.get("closed_years") if loaded.site is not None and isinstance(
        loaded.site.data, dict) else None
    return [year for year in years if isinstance(year, int)] if isinstance(years, list) else []


@dataclass(frozen=True)
class ClosedState:
    """What `check` finds of the closed years: problems (changes other than by a correction,
    archives missing or altered), and each year's records corrected since its archive."""

    problems: list[Problem] = field(default_factory=list)
    corrected: dict[int, list[str]] = field(default_factory=dict)


def closed_state(content: Path) -> ClosedState:
    """Hold each closed year's published records to its archive."""
    loaded = find_content(content)
    years = closed_years(loaded)
    if not years:
        return ClosedState()
    corpus = validate(dataclasses.replace(loaded, record_files=[
        (path, shown) for path, shown in loaded.record_files
        if int(path.parent.name) in years]))
    state = ClosedState()
    for index, year in enumerate(corpus.site.closed_years):
        archive = archive_of(content, year)
        try:
            archived = archived_records(archive, year)
        except ArchiveError as error:
            state.problems.append(_site_problem(content, index,
                                                f"year {year} is closed, but {error}"))
            continue
        problems, corrected = _year_problems(corpus, year, archived, display_path(archive))
        state.problems.extend(problems)
        if corrected:
            state.corrected[year] = corrected
    return state


def check_closed(content: Path) -> dict[int, list[str]]:
    """Raise ContentError listing the problems of `closed_state`, if there are any; else the
    records of each closed year corrected since its archive was made."""
    state = closed_state(content)
    if state.problems:
        raise ContentError(state.problems)
    return state.corrected


def archived_records(archive: Path, year: int) -> list[Json]:
    """The records the archive of `year` publishes (its records.json), after checking them
    against the bag's manifest. ArchiveError says why they cannot be read."""
    shown = display_path(archive)
    if not archive.is_file():
        raise ArchiveError(f"its archive {shown} is missing (write it with replysite archive "
                           f"{year} before closing the year)")
    name = f"data/{year}/{RECORDS_JSON}"
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            data = _member(tar, f"{year}/{name}")
            manifest = _member(tar, f"{year}/manifest-sha256.txt").decode("utf-8")
    except (tarfile.TarError, EOFError, OSError, KeyError, UnicodeDecodeError) as error:
        raise ArchiveError(f"its archive {shown} cannot be read ({error})") from None
    listed = {line.split(" ", 1)[1].strip(): line.split(" ", 1)[0]
              for line in manifest.splitlines() if " " in line}
    if listed.get(name) != hashlib.sha256(data).hexdigest():
        raise ArchiveError(f"its archive {shown} was altered ({name} is not as its manifest "
                           f"lists it: replysite verify {shown} names what changed)")
    records = json.loads(data)
    assert isinstance(records, list)
    return records


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    found = tar.extractfile(name)
    if found is None:
        raise KeyError(f"{name} is not a file")
    return found.read()


def _site_problem(content: Path, index: int, message: str) -> Problem:
    shown = f"{display_path(content)}/site.yml"
    try:
        document = load_document(content / "site.yml", shown)
    except (LoadError, OSError):
        return Problem(shown, 0, f"closed_years[{index}]", message)
    return document.problem(("closed_years", index), message)


def _year_problems(corpus: Corpus, year: int, archived: list[Json],
                   archive: str) -> tuple[list[Problem], list[str]]:
    """The problems of a closed year's records against its archive, and the records whose
    only changes are corrections made since (which the archive then lacks)."""
    sources = {record.id: record for record in corpus.records if record.year == year}
    current = {record.id: record
               # The date the archive was built with (generator.archive.bag): its records' newest.
               for record in publish(corpus, newest_date(sources.values(), corpus.site.list_pending)
                                      or _NO_DATE)
               if record.year == year}
    before = {entry["id"]: entry for entry in archived}
    folder = f"{display_path(corpus.root)}/{year}"
    problems: list[Problem] = []
    corrected = []
    for record_id in sorted(before.keys() | current.keys()):
        shown = f"{folder}/{record_id}.yml"
        source = sources.get(record_id)
        if source is None:
            problems.append(Problem(shown, 0, "", f"missing: year {year} is closed and its "
                                    f"archive {archive} publishes this record"))
        elif record_id not in before:
            problems.append(_document(corpus, source, shown).problem(
                ("id",), f"year {year} is closed: its archive {archive} does not publish "
                f"{record_id}, so it cannot be published now"))
        elif record_id not in current:
            problems.append(_document(corpus, source, shown).problem(
                ("replies",), f"year {year} is closed: its archive {archive} publishes "
                f"{record_id}, which would no longer be published"))
        else:
            changes, by_correction = _changes(before[record_id], current[record_id], source,
                                              corpus, year, archive)
            if changes:
                document = _document(corpus, source, shown)
                problems += [document.problem(location, message) for location, message in changes]
            elif by_correction:
                corrected.append(record_id)
    return problems, corrected


def _document(corpus: Corpus, record: Record, shown: str) -> Document:
    return load_document(corpus.root / str(record.year) / f"{record.id}.yml", shown)


def _changes(before: Json, record: PublicRecord, source: Record, corpus: Corpus, year: int,
             archive: str) -> tuple[list[tuple[Location, str]], bool]:
    """Each field of `source` whose published value differs from the archived one other than
    by a correction, in order, with its message; and whether corrections made a change."""
    changed = (f"changed after year {year} was closed: its archive {archive} publishes the "
               "record as it was, and a closed year's records change only by a correction")
    old, new = _comparable(before), _comparable(as_published(record))
    corrected = _corrected_replies(old, new)
    found: list[tuple[Location, str]] = []
    for path in _differences(old, new, ()):
        if _corrects(path, corrected):
            continue
        location = _source_location(path, record, source, corpus)
        if all(location != seen for seen, _ in found):
            found.append((location, changed))
    for index, first_new in corrected.items():
        problem = _replaced_text(old["replies"][index], record.replies[index], first_new)
        if problem is not None:
            reply = _source_reply(index, record, source, corpus)
            found.append((("replies", reply if reply is not None else index, "corrections",
                           first_new + problem[0], problem[1]),
                          f"is not the text that year {year} was closed with: a correction of a "
                          f"closed year replaces the text as its archive {archive} publishes it"))
    return found, bool(corrected)


# What a correction may change of its reply (README, Corrections): its text or summary, and
# the fields it holds in its own right, such as 文号 or an attachment; never its unit, role,
# dates of approval and publication, class, disclosure or withdrawal.
_CORRECTABLE = frozenset({"text", "summary", "doc_number", "index_number", "date", "adoption",
                          "attachments", "corrections"})


def _corrected_replies(old: Json, new: Json) -> dict[int, int]:
    """The published replies (by index) given corrections since the archive, each with the
    number of its archived corrections, which must be the first of its corrections now."""
    found = {}
    for index, (then, now) in enumerate(zip(old.get("replies", []), new.get("replies", []),
                                            strict=False)):
        before, after = then.get("corrections", []), now.get("corrections", [])
        if len(after) > len(before) and after[:len(before)] == before:
            found[index] = len(before)
    return found


def _corrects(path: Location, corrected: dict[int, int]) -> bool:
    """Whether the change at `path` is one a new correction of its reply may make."""
    return (len(path) > 2 and path[0] == "replies" and path[1] in corrected
            and path[2] in _CORRECTABLE)


def _replaced_text(old: Json, reply: PublicReply, first_new: int) -> tuple[int, str] | None:
    """Where a corrected reply's new corrections fail to keep the text as archived (`old`, the
    reply in records.json, which lists no replaced text): the first new correction replacing
    a text must have replaced the archived one. Its offset among the new, and its field."""
    field = "summary" if reply.disclosure == "summary" else "text"
    if old.get(field) == getattr(reply, field):
        return None
    for offset, correction in enumerate(reply.corrections[first_new:]):
        if correction.previous is not None:
            return None if correction.previous == old.get(field) else (offset,
                                                                       f"previous_{field}")
    return 0, f"previous_{field}"


def _comparable(value: Json) -> Json:
    """`value` with the vocabularies' names left out: a unit or topic by its slug (and the
    former name a record used), a class by its code."""
    if isinstance(value, dict):
        if "slug" in value:
            return {key: value[key] for key in ("slug", "named_as") if key in value}
        if "code" in value and "label" in value:
            return {"code": value["code"]}
        # Fields added to the record format later hold None or [] in archives made before.
        return {key: _comparable(item) for key, item in value.items()
                if item is not None and item != []}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return value


def _differences(before: Json, now: Json, path: Location) -> Iterator[Location]:
    """The paths at which `now` differs from `before`: the first items past the end of the
    shorter list, the keys one of them lacks, and the leaves that differ."""
    if isinstance(before, dict) and isinstance(now, dict):
        for key in sorted(before.keys() | now.keys()):
            if key not in before or key not in now:
                yield (*path, key)
            else:
                yield from _differences(before[key], now[key], (*path, key))
    elif isinstance(before, list) and isinstance(now, list):
        for index in range(max(len(before), len(now))):
            if index >= len(before) or index >= len(now):
                yield (*path, index)
            else:
                yield from _differences(before[index], now[index], (*path, index))
    elif before != now:
        yield path


_RENAMED: dict[str, Location] = {"lead_units": ("units", "lead"), "co_units": ("units", "co"),
                                 "key_item_leader": ("key_item", "leader"),
                                 "status": ("replies",), "url": ("id",)}


def _source_location(path: Location, record: PublicRecord, source: Record,
                     corpus: Corpus) -> Location:
    """Where in the record's file the published field at `path` comes from."""
    if path[-1] in ("code", "slug", "named_as"):
        path = path[:-1]  # a class, unit or topic, named in the file by its code or slug
    head = str(path[0])
    if head == "replies" and len(path) > 1:
        index = _source_reply(int(path[1]), record, source, corpus)
        if index is None:
            return ("replies",)
        tail = path[2:3] if path[2:3] == ("unit",) else path[2:]
        return ("replies", index, *tail)
    if head in ("lead_units", "co_units", "topics"):
        return (*_RENAMED.get(head, (head,)), *path[1:2])
    return (*_RENAMED[head], *path[1:]) if head in _RENAMED else path


def _source_reply(index: int, record: PublicRecord, source: Record,
                  corpus: Corpus) -> int | None:
    """The index in the file of the published reply at `index`: the same unit, role and
    approval date, counted in the order of the file."""
    if index >= len(record.replies):
        return None
    reply = record.replies[index]
    key = (reply.unit.unit.slug, reply.role, reply.approved)
    seen = sum(1 for earlier in record.replies[:index]
               if (earlier.unit.unit.slug, earlier.role, earlier.approved) == key)
    matches = [position for position, candidate in enumerate(source.replies)
               if candidate.status == "approved"
               and (corpus.unit_for(candidate.unit).slug, candidate.role,
                    candidate.approved) == key]
    return matches[seen] if seen < len(matches) else None

"""Stage 2: turn parsed files into a checked corpus, or report every problem at once."""

from __future__ import annotations

import functools
import html
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.records.check_cache import CheckCache, file_digest
from generator.records.clerk_text import clerk_html
from generator.records.contact_details import KIND_NAMES, Redaction
from generator.records.disclosure import (
    ADDRESS,
    REPLACEMENT,
    Published,
    published_texts,
    site_texts,
    topic_texts,
    unit_texts,
)
from generator.records.document import Document, format_location
from generator.records.load import LoadedContent, read_record
from generator.records.models import Record, SiteConfig, Topic, Unit
from generator.records.positions import source_line
from generator.records.problems import ContentError, Problem
from generator.records.pydantic_problems import problems_from_validation_error
from generator.records.rules import (
    MisnamedFile,
    file_name_problem,
    misnamed_file,
    record_problems,
    site_problems,
    topic_problems,
    unit_problems,
)
from generator.records.workers import die_with_parent, fork_context


@dataclass(frozen=True)
class Corpus:
    """Validated content: the site settings, the vocabularies and the records, in order."""

    root: Path
    site: SiteConfig
    units: dict[str, Unit]
    topics: dict[str, Topic]
    records: tuple[Record, ...]
    # Every name a record may use for a unit (slug, current name, former names) -> slug.
    unit_aliases: dict[str, str]
    # Record id -> digest of its file's bytes: what the build keys its editions with.
    digests: dict[str, str] = field(default_factory=dict)
    # Year -> how often each of site.yml's redaction rules was used in its records.
    rules_used: dict[int, Counter[int]] = field(default_factory=dict)
    # How often each rule was used in the texts of site.yml, units.yml and topics.yml.
    vocabulary_rules_used: Counter[int] = field(default_factory=Counter)

    def unit_for(self, reference: str) -> Unit:
        """The unit a record names by slug, name or former name (KeyError if none)."""
        return self.units[self.unit_aliases[reference]]

    def years(self) -> list[int]:
        """The years of the loaded records, in order."""
        return sorted({record.year for record in self.records})


@dataclass(frozen=True)
class _Vocabulary:
    """What each record is checked against; `complete` is False if any vocabulary is broken."""

    site: SiteConfig | None
    aliases: dict[str, str]
    topic_slugs: set[str]
    complete: bool
    redaction: Redaction | None
    rules_used: Counter[int] = field(default_factory=Counter)  # by the vocabularies' texts


@dataclass(frozen=True)
class _CheckedRecord:
    record: Record | None
    problems: list[Problem]
    shown: str
    id_line: int
    rules_used: Counter[int] = field(default_factory=Counter)
    digest: str = ""  # of the file's bytes, for the check cache
    record_id: str = ""  # kept when `record` is not sent back (check_summary)
    year: int = 0
    misnamed: MisnamedFile | None = None  # advised on once every file's id is known


@dataclass(frozen=True)
class CheckSummary:
    """What `replysite check` reports of clean content."""

    records: int
    years: int
    redactions_applied: tuple[str, ...]


# Records below this many are checked in this process: forking would cost more than it saves.
_PARALLEL_FROM = 2000
# The vocabulary of the check under way, read by forked worker processes.
_VOCABULARY_IN_USE: _Vocabulary | None = None
# Whether the workers send each checked record back. Sending is a third of the check's time,
# and a check that builds nothing needs only the problems.
_RECORDS_WANTED = True


def validate(loaded: LoadedContent, jobs: int = 1, cache: CheckCache | None = None) -> Corpus:
    """Check everything; raise ContentError listing every problem if anything is wrong.

    Record files not read yet (`loaded.record_files`) are read and checked in `jobs` forked
    processes: reading and checking is most of the time `replysite check` takes. With a
    `cache`, files whose bytes it holds are not checked again.
    """
    checked, vocabulary, site, units, topics = _check_everything(loaded, jobs, cache, True)
    records = sorted((c.record for c in checked if c.record), key=lambda r: (r.year, r.id))
    return Corpus(
        root=loaded.root,
        site=site,
        units={unit.slug: unit for unit in units},
        topics={topic.slug: topic for topic in topics},
        records=tuple(records),
        unit_aliases=vocabulary.aliases,
        digests={c.record.id: c.digest for c in checked if c.record},
        rules_used=_rules_used_by_year(checked),
        vocabulary_rules_used=vocabulary.rules_used,
    )


def _rules_used_by_year(checked: list[_CheckedRecord]) -> dict[int, Counter[int]]:
    by_year: dict[int, Counter[int]] = {}
    for item in checked:
        if item.record is not None:
            by_year.setdefault(item.record.year, Counter()).update(item.rules_used)
    return by_year


def check_summary(loaded: LoadedContent, jobs: int = 1) -> CheckSummary:
    """Check everything like `validate`, keeping only counts: for a check that builds nothing."""
    checked, vocabulary, *_ = _check_everything(loaded, jobs, None, False)
    return CheckSummary(sum(1 for c in checked if c.record_id),
                        len({c.year for c in checked if c.record_id}),
                        _redactions_applied(vocabulary, checked))


_Checked = tuple[list[_CheckedRecord], _Vocabulary, SiteConfig, list[Unit], list[Topic]]


def _check_everything(loaded: LoadedContent, jobs: int, cache: CheckCache | None,
                      records_wanted: bool) -> _Checked:
    global _RECORDS_WANTED
    problems = list(loaded.problems)
    site, units, topics = _vocabulary(loaded, problems)
    vocabulary = _Vocabulary(site, _unit_aliases(units or []),
                             {topic.slug for topic in topics or []},
                             site is not None and units is not None and topics is not None,
                             Redaction(site.redaction) if site else None)
    if vocabulary.redaction is not None:
        problems += _vocabulary_contact_problems(loaded, site, units, topics,
                                                 vocabulary.redaction, vocabulary.rules_used)
    checked = [_check_document(document, vocabulary) for document in loaded.records]
    _RECORDS_WANTED = records_wanted
    try:
        checked += _check_with_cache(loaded.record_files, vocabulary, jobs, cache)
    finally:
        _RECORDS_WANTED = True
    for item in checked:
        problems += item.problems
    problems += _duplicate_ids(checked)
    problems += _file_name_problems(checked)
    if problems or site is None or units is None or topics is None:
        raise ContentError(problems)
    if cache is not None:
        _keep(cache, loaded.record_files, checked)
    return checked, vocabulary, site, units, topics


def _redactions_applied(vocabulary: _Vocabulary, checked: list[_CheckedRecord]) -> tuple[str, ...]:
    assert vocabulary.redaction is not None
    used = sum((c.rules_used for c in checked), Counter[int]()) + vocabulary.rules_used
    return tuple(vocabulary.redaction.applied(used))


def _check_with_cache(files: list[tuple[Path, str]], vocabulary: _Vocabulary, jobs: int,
                      cache: CheckCache | None) -> list[_CheckedRecord]:
    if cache is None:
        return _check_files(files, vocabulary, jobs)
    groups = sorted({path.parent.name for path, _ in files})
    cache.load(groups)
    kept: list[_CheckedRecord] = []
    missed = []
    for path, shown in files:
        try:
            found = cache.get(shown, cache.digest_of(path, shown))
        except OSError:
            found = None
        if isinstance(found, _CheckedRecord):
            kept.append(found)
        else:
            missed.append((path, shown))
    return kept + _check_files(missed, vocabulary, jobs)


def _keep(cache: CheckCache, files: list[tuple[Path, str]],
          checked: list[_CheckedRecord]) -> None:
    """Save the results of a clean check: a failed one leaves the work folder as it was."""
    group_of = {shown: path.parent.name for path, shown in files}
    by_group: dict[str, dict[str, tuple[str, _CheckedRecord]]] = {
        group: {} for group in sorted(set(group_of.values()))}
    for item in checked:
        if item.digest and item.shown in group_of:
            by_group[group_of[item.shown]][item.shown] = (item.digest, item)
    cache.save(by_group)


def _check_files(files: list[tuple[Path, str]], vocabulary: _Vocabulary,
                 jobs: int) -> list[_CheckedRecord]:
    global _VOCABULARY_IN_USE
    if jobs <= 1 or len(files) < _PARALLEL_FROM:
        return [_check_file(path, shown, vocabulary) for path, shown in files]
    _VOCABULARY_IN_USE = vocabulary
    try:
        with fork_context().Pool(jobs, die_with_parent, (os.getpid(),)) as pool:
            return pool.starmap(_check_file_in_worker, files, chunksize=200)
    finally:
        _VOCABULARY_IN_USE = None


def _check_file_in_worker(path: Path, shown: str) -> _CheckedRecord:
    assert _VOCABULARY_IN_USE is not None
    checked = _check_file(path, shown, _VOCABULARY_IN_USE)
    return checked if _RECORDS_WANTED else replace(checked, record=None)


def _check_file(path: Path, shown: str, vocabulary: _Vocabulary) -> _CheckedRecord:
    problems: list[Problem] = []
    try:
        raw = path.read_bytes()
    except OSError as error:
        return _CheckedRecord(None, [Problem(shown, 0, "", f"cannot be read: {error.strerror}")],
                              shown, 0)
    document = read_record(path, shown, problems, raw)
    if document is None:
        return _CheckedRecord(None, problems, shown, 0, digest=file_digest(raw))
    checked = _check_document(document, vocabulary)
    return replace(checked, digest=file_digest(raw))


def _check_document(document: Document, vocabulary: _Vocabulary) -> _CheckedRecord:
    # The file name is checked even when the record is not valid, so that a clerk renaming the
    # file and fixing its id learns both at once.
    misnamed = misnamed_file(document)
    problems: list[Problem] = []
    record = _parse(document, Record, problems)
    if not isinstance(record, Record):
        return _CheckedRecord(None, problems, document.shown, 0, misnamed=misnamed)
    # Checking records against a broken vocabulary would bury its one mistake under hundreds.
    used: Counter[int] = Counter()
    if vocabulary.complete and vocabulary.site is not None:
        problems += record_problems(record, document, vocabulary.site, vocabulary.aliases,
                                    vocabulary.topic_slugs)
        assert vocabulary.redaction is not None
        problems += _contact_problems(record, document, vocabulary.site, vocabulary.redaction,
                                      used)
    return _CheckedRecord(record, problems, document.shown, document.line_of(("id",)), used,
                          record_id=record.id, year=record.year, misnamed=misnamed)


def _contact_problems(record: Record, document: Document, site: SiteConfig,
                      redaction: Redaction, used: Counter[int]) -> list[Problem]:
    """A problem for each contact detail in a published text that no site.yml rule covers."""
    return contact_problems(document, published_texts(record, site), redaction, used)


_ADVICE = {
    ADDRESS: "it is part of an address, which replace rules do not change: rename it, or add "
             "an allow rule in site.yml",
    REPLACEMENT: "a replacement is published as it is written: remove it",
}
_TEXT_ADVICE = "remove it, or add a redaction rule in site.yml"


def contact_problems(document: Document, texts: Iterable[Published], redaction: Redaction,
                     used: Counter[int]) -> list[Problem]:
    """A problem for each contact detail in `texts` (published texts of `document`) that no
    rule of site.yml allows or, in a text that replace rules change, replaces; each placed on
    the line that holds the detail. Counts in `used` the rules that did."""
    problems = []
    for published in texts:
        replaceable = published.kind not in _ADVICE
        hits = redaction.unallowed_hits(published.text, used, replaceable=replaceable)
        advice = _ADVICE.get(published.kind, _TEXT_ADVICE)
        where = format_location(published.location)
        for hit in hits:
            problems.append(Problem(
                document.shown, source_line(document, published.location, hit.start), where,
                f"{KIND_NAMES[hit.kind]} {hit.masked} must not be published ({advice})"))
        read = as_read(published)
        if read is None:
            continue
        seen = {(hit.kind, hit.masked) for hit in hits}
        for hit in redaction.unallowed_hits(read, Counter(), replaceable=replaceable):
            if (hit.kind, hit.masked) not in seen:
                seen.add((hit.kind, hit.masked))
                # The reading moved characters: place it where its first three stand.
                at = max(published.text.find(hit.text[:3]), 0)
                problems.append(Problem(
                    document.shown, source_line(document, published.location, at), where,
                    f"{KIND_NAMES[hit.kind]} {hit.masked} must not be published: it shows once "
                    f"the text's Markdown or character references are read ({advice})"))
    return problems


# What can split or spell a detail so that the text as written does not show it: Markdown's
# emphasis, code, links, escapes, tables and HTML, and character references (&#49; is 1).
_MARKUP = re.compile(r"[&*_`\[\]\\~<|]")
# Tags that end a block of text: their place becomes a line break, as a reader sees it; any
# other tag (strong, em, code, a, del) stands inside a line and is dropped.
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|h[1-6]|table|thead|tbody|tr|td|th|pre|blockquote"
                        r"|hr)\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")


def as_read(published: Published) -> str | None:
    """The text as a reader or the search index reads it, where that can differ from the text
    as written: a Markdown text rendered (clerk_html) with its markup gone and its character
    references decoded, so `138**1234**5678` and `138&#49;2345678` read as the numbers they
    show; and character references decoded in any text, since Pagefind decodes them even where
    a page shows them escaped. None when nothing could differ."""
    text = published.text
    if not _MARKUP.search(text):
        return None
    if published.markdown:
        text = html.unescape(_TAG.sub("", _BLOCK_TAG.sub("\n", clerk_html(text))))
    read = html.unescape(text)
    return None if read == published.text else read


def _vocabulary_contact_problems(loaded: LoadedContent, site: SiteConfig | None,
                                 units: list[Unit] | None, topics: list[Topic] | None,
                                 redaction: Redaction, used: Counter[int]) -> list[Problem]:
    """The contact details in the published texts of site.yml, units.yml and topics.yml."""
    found: list[Problem] = []
    for document, texts in ((loaded.site, site_texts(site) if site else ()),
                            (loaded.units, unit_texts(units) if units else ()),
                            (loaded.topics, topic_texts(topics) if topics else ())):
        if document is not None:
            found += contact_problems(document, texts, redaction, used)
    return found


def _vocabulary(
    loaded: LoadedContent, problems: list[Problem]
) -> tuple[SiteConfig | None, list[Unit] | None, list[Topic] | None]:
    """site.yml, units.yml and topics.yml; each None if it has any problem."""
    site = _parse(loaded.site, SiteConfig, problems)
    units = _parse(loaded.units, list[Unit], problems)
    topics = _parse(loaded.topics, list[Topic], problems)
    found = [
        site_problems(site, loaded.site) if site and loaded.site else [],
        unit_problems(units, loaded.units) if units is not None and loaded.units else [],
        topic_problems(topics, loaded.topics) if topics is not None and loaded.topics else [],
    ]
    for more in found:
        problems += more
    return (site if not found[0] else None, units if not found[1] else None,
            topics if not found[2] else None)


def _parse(document: Document | None, kind: Any, problems: list[Problem]) -> Any:
    if document is None:
        return None
    try:
        return _adapter(kind).validate_python(document.data)
    except ValidationError as error:
        problems += problems_from_validation_error(error, document, kind)
        return None


@functools.cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    # Building an adapter compiles the model's schema: once per kind, not once per record.
    return TypeAdapter(kind)


def _unit_aliases(units: list[Unit]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for unit in units:
        for name in (unit.slug, unit.name, *unit.former_names):
            aliases.setdefault(name, unit.slug)
    return aliases


def _file_name_problems(checked: list[_CheckedRecord]) -> list[Problem]:
    """Advice for each misnamed record file that names no id another file has taken, by its
    name or as its id."""
    misnamed = [item for item in checked if item.misnamed is not None]
    if not misnamed:
        return []
    holders: dict[str, list[str]] = {}
    for item in sorted(checked, key=lambda c: c.shown):
        for taken in {Path(item.shown).stem, item.record_id} - {""}:
            holders.setdefault(taken, []).append(item.shown)
    problems = []
    for item in misnamed:
        assert item.misnamed is not None
        wanted = [id_ for id_ in (item.misnamed.written, item.misnamed.derived) if id_]
        others = {taken: next(shown for shown in holders[taken] if shown != item.shown)
                  for taken in wanted if holders.get(taken, [item.shown]) != [item.shown]}
        problems.append(file_name_problem(item.misnamed, others))
    return problems


def _duplicate_ids(checked: list[_CheckedRecord]) -> list[Problem]:
    first_seen: dict[str, str] = {}
    problems = []
    for item in sorted(checked, key=lambda c: c.shown):
        if not item.record_id:
            continue
        if item.record_id in first_seen:
            problems.append(Problem(item.shown, item.id_line, "id",
                                    f"duplicate id '{item.record_id}' (also in "
                                    f"{first_seen[item.record_id]})"))
        else:
            first_seen[item.record_id] = item.shown
    return problems

"""Load what changed, check it, publish it and plan every page, reusing the years kept before.

The first half of a build, before anything is written: `prepare` finds the content, takes the
years nothing changed in from the work folder (`generator.site.kept`, as `generator.site.reuse`
decides), checks and publishes the others, plans the pages and works out every edition's key
(`generator.site.editions`). What it returns, `Planned`, is all the editions are built from.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from generator import __version__
from generator.data.feeds import feed_entries, term_feeds
from generator.data.files import describe, year_data_files
from generator.html.mkdocs_build import Edition
from generator.html.search_index import pagefind_binary
from generator.pages.embargo import cutoff_date, embargoed, held_back, publication_dates
from generator.pages.facts import YearFacts, corpus_facts, newest_date
from generator.pages.outputs import PORTAL, edition_folder
from generator.pages.plan import RECORDS_PER_PART, SitePlan, partition, plan_site
from generator.pages.publication import PublicRecord, public_vocabulary, publish
from generator.pages.render import Renderer
from generator.pages.statistics import measures
from generator.pages.statistics_pages import year_tables
from generator.pages.taxonomy import topic_taxonomy, unit_taxonomy
from generator.pages.versions import BuildVersions, build_versions
from generator.pages.write import attachment_files
from generator.records.check_cache import CheckCache, context_digest, file_digest
from generator.records.load import LoadedContent, find_content
from generator.records.models import Record
from generator.records.validate import Corpus, validate
from generator.site.editions import KeyInputs, cached_key, edition_key, shared_digest
from generator.site.kept import EditionInputs, KeptYear, YearStore, year_key
from generator.site.progress import Progress, Stopwatch
from generator.site.reuse import years_out_of_date, years_to_load

# Where the loaded years' data files are written, in the work folder, until their editions copy
# them into the site.
DATA_FOLDER = "data-files"

RecordT = TypeVar("RecordT", Record, PublicRecord)


class BuildError(Exception):
    """A build that cannot go on for a reason other than the content's problems (ContentError):
    a --year with nothing in it, an edition out of date beside it, a tool that failed. The CLI
    prints its message as `Error: …`."""


@dataclass(frozen=True)
class ArchivedYear:
    """A closed year whose pages are placed in the site as archived, not built: the folder of
    the year's pages (an unpacked archive's data/<year>) and a key naming that archive."""

    year: int
    pages: Path
    key: str  # the archive's SHA-256: the pages change only with it


@dataclass(frozen=True)
class BuildOptions:
    """What `replysite build` was asked: folders, settings file, --year, --jobs, --part-size,
    --edition-only."""

    content: Path
    out: Path
    config_file: Path = Path("mkdocs.yml")
    work: Path = Path("build")  # generated Markdown and per-edition HTML, kept between builds
    year: int | None = None  # rebuild this edition only; the others must be up to date
    jobs: int | None = None  # parallel processes; None: as many as cores and memory allow
    part_size: int = RECORDS_PER_PART  # record pages per part of a year
    # --date: the embargo cut-off (generator.pages.embargo.cutoff_date); None: from
    # SOURCE_DATE_EPOCH or the clock.
    date: dt.date | None = None
    # Build --year's editions into the work folder and stop: no portal, no site. For a runner
    # of a build spread over several machines, whose work folders `assemble` gathers.
    edition_only: bool = False
    archived: tuple[ArchivedYear, ...] = ()  # closed years, served from their archives


@dataclass(frozen=True)
class Planned:
    """Everything the editions are built from; worker processes inherit it when they fork."""

    corpus: Corpus
    records: list[PublicRecord]
    plan: SitePlan
    epoch: int
    config_file: Path
    published_in: dict[str, list[PublicRecord]]  # by edition: see _by_edition
    sources_in: dict[str, list[Record]]
    facts: list[YearFacts]  # every year's, loaded or not
    keys: dict[str, str]  # every edition's but the portal's, loaded or not
    kept: dict[str, EditionInputs]  # the editions of the years that were not loaded
    versions: BuildVersions  # named on /about/ and in /build-info.json
    # Replies published after this date are left out (generator.pages.embargo).
    cutoff: dt.date = dt.date.max
    # Record id -> when each of its approved replies becomes public, held back or not.
    publication_dates: dict[str, tuple[dt.date, ...]] = field(default_factory=dict)
    renderer: Renderer = field(default_factory=Renderer)  # one for all editions
    # The data files of each loaded year's edition ('2024' -> path in the site -> the file in
    # the work folder), made once here so that its facts (size, digest) describe exactly the
    # bytes the edition copies. On disk, not in memory: at 100,000 records they are 1.2 GB.
    data: dict[str, dict[str, Path]] = field(default_factory=dict)

    @property
    def build_date(self) -> dt.date:
        """The date the portal shows and pending items are measured against (see build_epoch)."""
        return date_of(self.epoch)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the content is checked and planned.

    That creates an object or more for every field of every record, nearly all kept for the
    whole build, and each collection walks all of them again: at 100,000 records this took a
    third of this process's time during the check (36 s of processor time against 21 s without).
    What is kept is frozen at the end of `_plan`; the collector runs again for the editions,
    whose objects come and go page by page. `_plan` calling itself again leaves it paused.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@_collector_paused()
def prepare(options: BuildOptions, progress: Progress, keep_years: bool = True) -> Planned:
    """Check and plan the years whose files changed, and those whose editions must be built
    again; take the facts of the other years from the work folder (generator.site.kept).
    Raises ContentError listing every problem, or BuildError for a --year with nothing in it."""
    clock = Stopwatch()
    cutoff = cutoff_date(options.date)
    loaded = find_content(options.content)
    context = context_digest(options.content)
    files = _files_by_year(loaded.record_files)
    digests = _digests(loaded.record_files)
    store = YearStore(options.work / "years")
    year_keys = {year: year_key(context, options.part_size,
                                ((path.name, digests[shown]) for path, shown in items))
                 for year, items in files.items()}
    stored = _stored_years(store, year_keys, cutoff) if keep_years else {}
    # --year builds that year's editions whatever their keys: its records must be loaded.
    asked = {options.year} if options.year is not None else set()
    while True:
        load = years_to_load(year_keys, {year: kept.key for year, kept in stored.items()}, asked)
        kept = {year: stored[year] for year in year_keys.keys() - load}
        corpus = _check(options, loaded, files, kept, CheckCache(options.work / "check", context,
                                                                 digests))
        if _shares_an_id(corpus, kept.values()):
            # Let the check of every file name both, with their lines.
            stored = {}
            continue
        progress.stage(clock.timing("all", "check", len(corpus.records)))
        # The checked content lives as long as the build: spare the collector walking it when
        # it runs again, and forked workers copying its memory pages only for it to do so.
        gc.freeze()
        clock = Stopwatch()
        planned = _plan_loaded(options, corpus, kept, cutoff)
        if options.year is not None and options.year not in planned.plan.years:
            raise BuildError(f"--year {options.year}: no published record in that year (years: "
                             f"{', '.join(str(year) for year in sorted(planned.plan.years))})")
        # Something all editions share changed (the years, the date shown): load those too.
        # A closed year's editions are never built (their pages come from its archive).
        closed = {str(archived.year) for archived in options.archived}
        built = [key for key in planned.kept if edition_folder(key) not in closed]
        more = years_out_of_date({key: planned.keys[key] for key in built},
                                 {key: cached_key(options.work / "html" / key)
                                  for key in built})
        # An edition-only build makes none of the other years' editions: leave them unloaded.
        if not more or options.edition_only:
            break
        asked |= more
        clock = Stopwatch()
    for year in year_keys.keys() - kept.keys():
        store.save(year, _kept_year(planned, year, year_keys[year]))
    progress.kept_years = sorted(kept)
    progress.stage(clock.timing("all", "plan", len(planned.records)))
    gc.freeze()
    return planned


def _stored_years(store: YearStore, year_keys: dict[int, str],
                  cutoff: dt.date) -> dict[int, KeptYear]:
    """The years kept under the digest of their files as they are now, and with the same
    replies held back at `cutoff` as when they were kept: a reply that reached its date
    changes the year's pages and counts, even in a year that had nothing public before."""
    return {year: found for year, key in year_keys.items()
            if (found := store.load(year, key)) is not None
            and embargoed(found.publication_dates, cutoff) == found.embargoed}


def _check(options: BuildOptions, loaded: LoadedContent,
           files: dict[int, list[tuple[Path, str]]], kept: dict[int, KeptYear],
           cache: CheckCache) -> Corpus:
    """Check the record files of every year not kept, reusing what `cache` holds."""
    return validate(replace(loaded, record_files=[
        item for year, items in files.items() if year not in kept for item in items]),
        options.jobs or os.cpu_count() or 1, cache)


def _plan_loaded(options: BuildOptions, corpus: Corpus, kept: dict[int, KeptYear],
                 cutoff: dt.date) -> Planned:
    dates = {record.id: publication_dates(record) for record in corpus.records}
    # From here on a reply still under embargo is not in the content at all.
    corpus = held_back(corpus, cutoff)
    epoch = build_epoch(corpus, newest=(kept_year.facts.newest for kept_year in kept.values()))
    records = publish(corpus, date_of(epoch))
    # Every page shows the vocabularies' texts as published, site.yml's replacements applied.
    corpus = public_vocabulary(corpus)
    part_of = partition(corpus, options.part_size)
    published_in, sources_in = _by_edition(records, part_of), _by_edition(corpus.records, part_of)
    data: dict[str, dict[str, Path]] = {}
    archived = {archived.year: archived.pages for archived in options.archived}
    loaded_facts = [_with_data(f, corpus, published_in.get(str(f.year), []), data,
                               options.work / DATA_FOLDER, archived.get(f.year))
                    for f in corpus_facts(corpus, records, part_of)]
    facts = sorted([kept_year.facts for kept_year in kept.values()] + loaded_facts,
                   key=lambda f: f.year)
    versions = build_versions(pagefind_binary(options.config_file.parent))
    plan = plan_site(corpus, records, facts, part_of, versions, date_of(epoch))
    kept_editions = {key: inputs for kept_year in kept.values()
                     for key, inputs in kept_year.editions.items()}
    planned = Planned(corpus, records, plan, epoch, options.config_file.resolve(),
                      published_in, sources_in, facts, {}, kept_editions, versions,
                      cutoff=cutoff, publication_dates=dates, data=data)
    planned.keys.update(_keys(planned))
    return planned


def _with_data(facts: YearFacts, corpus: Corpus, published: list[PublicRecord],
               data: dict[str, dict[str, Path]], folder: Path,
               archived: Path | None = None) -> YearFacts:
    """A loaded year's facts with what its data files and feeds need: its data files are
    made once here, written under `folder`/<year>/ and listed in `data` (by edition), so that
    the facts (size, digest) describe exactly the bytes its edition copies, and its newest feed
    entries, of the year, each unit and each topic, are kept with them for the portal's feeds.
    A closed year's files are those of its archive's pages (the folder `archived`), which the
    site serves."""
    if not published:
        return facts
    tables = year_tables(facts.year, facts.statistics, corpus)
    files = year_data_files(published, tables, measures(corpus.site.classification))
    if archived is not None:
        # The /data/ page describes the files served: a closed year's are the archived ones,
        # which an archive made by an earlier version may not all have.
        files = {path: (archived / path).read_bytes() for path in files
                 if (archived / path).is_file()}
    data[str(facts.year)] = _written(files, folder / str(facts.year))
    return replace(facts, data_files=describe(files, published, tables),
                   feed=feed_entries(published),
                   unit_feeds=term_feeds(published, unit_taxonomy(corpus).classify),
                   topic_feeds=term_feeds(published, topic_taxonomy(corpus).classify))


def _written(files: dict[str, bytes], folder: Path) -> dict[str, Path]:
    """`files` (path -> bytes) written under `folder`: path -> the file written."""
    written = {}
    for path, content in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written[path] = target
    return written


def _files_by_year(files: list[tuple[Path, str]]) -> dict[int, list[tuple[Path, str]]]:
    by_year: dict[int, list[tuple[Path, str]]] = {}
    for path, shown in files:
        by_year.setdefault(int(path.parent.name), []).append((path, shown))
    return by_year


def _digests(files: list[tuple[Path, str]]) -> dict[str, str]:
    """Each file, as shown, with the digest of its bytes ('' for one that cannot be read: the
    check says why). The check cache is keyed by the same digests, so each file is read once."""
    found = {}
    for path, shown in files:
        try:
            found[shown] = file_digest(path.read_bytes())
        except OSError:
            found[shown] = ""
    return found


def _shares_an_id(corpus: Corpus, kept: Iterable[KeptYear]) -> bool:
    """Whether a loaded record has the id of one in a year that was not loaded."""
    loaded = {record.id for record in corpus.records}
    return any(record_id in loaded for kept_year in kept for record_id in kept_year.facts.ids)


def _kept_year(planned: Planned, year: int, key: str) -> KeptYear:
    facts = next(f for f in planned.facts if f.year == year)
    editions = [e for e in planned.plan.registry.editions() if edition_folder(e) == str(year)]
    dates = tuple(sorted(date for record_id in facts.ids
                         for date in planned.publication_dates.get(record_id, ())))
    return KeptYear(key, facts, {e: _edition_inputs(planned, e) for e in editions},
                    dates, embargoed(dates, planned.cutoff))


def editions_of(planned: Planned, work: Path) -> list[Edition]:
    """Every edition of the site, built now or kept, with its Markdown and HTML folders under
    `work` (docs/<key>, html/<key>), the portal first."""
    # The portal first: it is the root that the yearly editions are placed under.
    keys = sorted({*planned.plan.registry.editions(), *planned.kept},
                  key=lambda key: (key != PORTAL, key))
    return [Edition(key, (work / "docs" / key).resolve(), (work / "html" / key).resolve())
            for key in keys]


def _keys(planned: Planned) -> dict[str, str]:
    corpus = planned.corpus
    inputs = KeyInputs(corpus.root, planned.config_file, planned.config_file.parent / "theme",
                       pagefind_binary(planned.config_file.parent), planned.plan.years,
                       repr((corpus.site.name, corpus.site.url, __version__,
                             # Pending items are marked overdue against the build's date.
                             planned.epoch if corpus.site.list_pending else None)))
    shared = shared_digest(inputs)
    every = {**planned.kept, **{key: _edition_inputs(planned, key)
                                for key in planned.plan.registry.editions() if key != PORTAL}}
    return {key: edition_key(shared, edition.record_files,
                             {name: corpus.root / name for name in edition.attachments},
                             edition.epoch,
                             embargoed(edition.publication_dates, planned.cutoff))
            for key, edition in every.items()}


def _edition_inputs(planned: Planned, key: str) -> EditionInputs:
    corpus = planned.corpus
    attachments = attachment_files(records_of(planned, key), corpus.root)
    return EditionInputs(
        len(planned.plan.registry.pages_of(key)),
        tuple(sorted((f"{r.id}.yml", _digest_of(corpus, r)) for r in sources_of(planned, key))),
        tuple(sorted(name for name, path in attachments.items() if isinstance(path, Path))),
        edition_epoch(planned, key),
        tuple(sorted(date for record in sources_of(planned, key)
                     for date in planned.publication_dates.get(record.id, ()))))


def _digest_of(corpus: Corpus, record: Record) -> str:
    # Known from the check; read again only for content that was loaded without it.
    known = corpus.digests.get(record.id)
    if known:
        return known
    return file_digest((corpus.root / str(record.year) / f"{record.id}.yml").read_bytes())


def records_of(planned: Planned, key: str) -> list[PublicRecord]:
    """The published records an edition lists (a year) or builds the pages of (a part)."""
    return planned.published_in.get(key, [])


def sources_of(planned: Planned, key: str) -> list[Record]:
    """The records, published or not, whose files go into an edition."""
    return planned.sources_in.get(key, [])


def _by_edition(items: Iterable[RecordT], part_of: dict[str, str]) -> dict[str, list[RecordT]]:
    """Records by the year that lists them and by the part that builds their pages."""
    grouped: dict[str, list[RecordT]] = {}
    for item in items:
        grouped.setdefault(str(item.year), []).append(item)
        grouped.setdefault(part_of[item.id], []).append(item)
    return grouped


def build_epoch(corpus: Corpus, records: Iterable[Record] | None = None,
                newest: Iterable[dt.date | None] = ()) -> int:
    """The build's date: SOURCE_DATE_EPOCH if set, else the newest date the content publishes
    (`records`, default all loaded, and the `newest` dates of years not loaded): no date of a
    draft, of a reply under embargo or of a record that is not published (`newest_date`).

    Taking it from the content, not the clock, makes two builds of the same content identical.
    An edition takes the newest date of its own records, so that approving a reply in one
    part of a year leaves the other parts and years as they were.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    chosen = corpus.records if records is None else records
    dates = [d for d in (newest_date(chosen, corpus.site.list_pending), *newest)
             if d is not None]
    date = max(dates, default=dt.date(2000, 1, 1))
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())


def edition_epoch(planned: Planned, key: str) -> int:
    """The date an edition shows, in seconds since 1970 (UTC): the build's for the portal, the
    newest date of its own records for a year or part (see build_epoch)."""
    return planned.epoch if key == PORTAL else build_epoch(planned.corpus,
                                                           sources_of(planned, key))


def date_of(epoch: int) -> dt.date:
    """The UTC date of `epoch`, seconds since 1970."""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date()

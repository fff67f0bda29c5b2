"""The build, start to finish: check, publish, plan, then per edition generate, MkDocs, index.

Every record is loaded and validated before anything is written. Each year is an edition built
on its own, reused from the work folder when its key (generator.editions) has not changed; the
portal, which lists every year, is always rebuilt. Editions are built in parallel processes, and
the finished site replaces the previous one only at the very end, so a failed or killed build
leaves the last good site as it was.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from generator import __version__
from generator.assemble import Placement, assemble
from generator.check_cache import CheckCache, context_digest, file_digest
from generator.contact_details import Redaction
from generator.editions import (
    KeyInputs,
    cached_key,
    edition_key,
    forget_key,
    remember_key,
    shared_digest,
)
from generator.load import find_content
from generator.mkdocs_build import Edition, build_html
from generator.models import Record
from generator.outputs import PORTAL, edition_folder, index_folder, is_part
from generator.pages import RECORDS_PER_PART, SitePlan, partition, plan_site
from generator.progress import Progress, StageTime, Stopwatch
from generator.publication import PublicRecord, publish
from generator.render import Renderer
from generator.schema import schema_documents
from generator.search_index import index_edition, pagefind_binary
from generator.validate import CheckSummary, Corpus, check_summary, validate
from generator.versions import BuildVersions, build_versions
from generator.workers import die_with_parent, fork_context
from generator.write import attachment_files, write_edition
from generator.year_facts import (
    EditionInputs,
    KeptYear,
    YearFacts,
    YearStore,
    corpus_facts,
    newest_date,
    year_key,
)

RecordT = TypeVar("RecordT", Record, PublicRecord)

# Memory one edition's build may take: MkDocs and, above all, Pagefind grow with the pages.
_EDITION_BASE_BYTES = 400 * 2**20
_EDITION_BYTES_PER_PAGE = 400 * 2**10


class BuildError(Exception):
    pass


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    out: Path
    config_file: Path = Path("mkdocs.yml")
    work: Path = Path("build")  # generated Markdown and per-edition HTML, kept between builds
    year: int | None = None  # rebuild this edition only; the others must be up to date
    jobs: int | None = None  # parallel processes; None: as many as cores and memory allow
    part_size: int = RECORDS_PER_PART  # record pages per part of a year


@dataclass
class BuildReport:
    records: int = 0
    published: int = 0
    editions: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    pages: int = 0
    build_date: dt.date | None = None
    jobs: int = 1
    redactions: tuple[str, ...] = ()  # site.yml's rules that were used, one line each
    loaded_years: list[int] = field(default_factory=list)  # checked and planned by this build


def check(content: Path, jobs: int | None = None, cache: CheckCache | None = None) -> Corpus:
    """Load and validate everything, in `jobs` processes (default: one per core), reusing what
    `cache` holds; raise ContentError listing every problem."""
    return validate(find_content(content), jobs or os.cpu_count() or 1, cache)


def check_only(content: Path, jobs: int | None = None) -> CheckSummary:
    """Check everything as `check` does, for a check that builds nothing: counts only."""
    return check_summary(find_content(content), jobs or os.cpu_count() or 1)


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
    renderer: Renderer = field(default_factory=Renderer)  # one for all editions

    @property
    def build_date(self) -> dt.date:
        return _date_of(self.epoch)


# The plan of the build under way, read by the forked worker processes.
_PLANNED: Planned | None = None


def build_site(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    progress = progress or Progress(quiet=True)
    planned = _plan(options, progress)
    editions = _editions(planned, options.work)
    keys = planned.keys
    stale = _stale(editions, keys, options.year)
    fresh = [edition.key for edition in editions if edition not in stale]
    progress.plan([edition.key for edition in stale], fresh)
    jobs = _jobs(options.jobs, stale, planned.plan)
    _build_editions(planned, stale, keys, jobs, progress)
    clock = Stopwatch()
    assemble([Placement(e.key, keys.get(e.key, ""), e.html, edition_folder(e.key))
              for e in editions], options.out, options.work)
    progress.stage(clock.timing("site", "assemble"))
    progress.finish()
    facts = planned.facts
    used = sum((Counter(f.rules_used) for f in facts), Counter[int]())
    return BuildReport(sum(len(f.ids) for f in facts), sum(f.published for f in facts),
                       [e.key for e in editions], [e.key for e in stale], fresh,
                       len(planned.plan.registry.pages)
                       + sum(inputs.pages for inputs in planned.kept.values()),
                       planned.build_date, jobs,
                       tuple(Redaction(planned.corpus.site.redaction).applied(used)),
                       planned.corpus.years())


def generate_markdown(content: Path, work: Path) -> Planned:
    """Check the content and write the Markdown of every edition under `work`/docs, only."""
    planned = _plan(BuildOptions(content, work / "site", work=work), Progress(quiet=True),
                    keep_years=False)
    for edition in _editions(planned, work):
        pages = planned.plan.registry.pages_of(edition.key)
        write_edition(pages, _edition_files(edition.key, planned), edition.docs,
                      planned.renderer)
    return planned


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
def _plan(options: BuildOptions, progress: Progress, keep_years: bool = True,
          also_load: frozenset[int] = frozenset()) -> Planned:
    """Check and plan the years whose files changed, and those whose editions must be built
    again; take the facts of the other years from the work folder (generator.year_facts)."""
    clock = Stopwatch()
    loaded = find_content(options.content)
    context = context_digest(options.content)
    files = _files_by_year(loaded.record_files)
    digests = _digests(loaded.record_files)
    store = YearStore(options.work / "years")
    year_keys = {year: year_key(context, options.part_size,
                                ((path.name, digests[shown]) for path, shown in items))
                 for year, items in files.items()}
    # --year builds that year's editions whatever their keys: its records must be loaded.
    load = also_load | ({options.year} if options.year is not None else set())
    kept = _kept_years(store, year_keys, load) if keep_years else {}
    corpus = validate(replace(loaded, record_files=[
        item for year, items in files.items() if year not in kept for item in items]),
        options.jobs or os.cpu_count() or 1,
        CheckCache(options.work / "check", context, digests))
    if _shares_an_id(corpus, kept.values()):
        # Let the check of every file name both, with their lines.
        return _plan(options, progress, keep_years=False)
    progress.stage(clock.timing("all", "check", len(corpus.records)))
    # The checked content lives as long as the build: spare the collector walking it when it
    # runs again, and forked workers copying its memory pages only for the collector to do so.
    gc.freeze()
    clock = Stopwatch()
    planned = _plan_loaded(options, corpus, kept)
    if options.year is not None and options.year not in planned.plan.years:
        raise BuildError(f"--year {options.year}: no published record in that year "
                         f"(years: {', '.join(str(year) for year in sorted(planned.plan.years))})")
    stale_kept = {int(edition_folder(key)) for key in planned.kept
                  if cached_key(options.work / "html" / key) != planned.keys[key]}
    if stale_kept:
        # Something all editions share changed (the years, the date shown): load those too.
        return _plan(options, progress, keep_years, also_load | stale_kept)
    for year in year_keys.keys() - kept.keys():
        store.save(year, _kept_year(planned, year, year_keys[year]))
    progress.kept_years = sorted(kept)
    progress.stage(clock.timing("all", "plan", len(planned.records)))
    gc.freeze()
    return planned


def _kept_years(store: YearStore, year_keys: dict[int, str],
                load: frozenset[int]) -> dict[int, KeptYear]:
    """The years kept under the digest of their files as they are now, except those to load."""
    return {year: found for year, key in year_keys.items()
            if year not in load and (found := store.load(year, key)) is not None}


def _plan_loaded(options: BuildOptions, corpus: Corpus, kept: dict[int, KeptYear]) -> Planned:
    epoch = build_epoch(corpus, newest=(kept_year.facts.newest for kept_year in kept.values()))
    records = publish(corpus, _date_of(epoch))
    part_of = partition(corpus, options.part_size)
    published_in, sources_in = _by_edition(records, part_of), _by_edition(corpus.records, part_of)
    facts = sorted([kept_year.facts for kept_year in kept.values()]
                   + corpus_facts(corpus, records, part_of), key=lambda f: f.year)
    versions = build_versions(pagefind_binary(options.config_file.parent))
    plan = plan_site(corpus, records, facts, part_of, versions)
    kept_editions = {key: inputs for kept_year in kept.values()
                     for key, inputs in kept_year.editions.items()}
    planned = Planned(corpus, records, plan, epoch, options.config_file.resolve(),
                      published_in, sources_in, facts, {}, kept_editions, versions)
    planned.keys.update(_keys(planned))
    return planned


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
    return KeptYear(key, facts, {e: _edition_inputs(planned, e) for e in editions})


def _editions(planned: Planned, work: Path) -> list[Edition]:
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
                             edition.epoch)
            for key, edition in every.items()}


def _edition_inputs(planned: Planned, key: str) -> EditionInputs:
    corpus = planned.corpus
    attachments = attachment_files(_records_of(planned, key), corpus.root)
    return EditionInputs(
        len(planned.plan.registry.pages_of(key)),
        tuple(sorted((f"{r.id}.yml", _digest_of(corpus, r)) for r in _sources_of(planned, key))),
        tuple(sorted(name for name, path in attachments.items() if isinstance(path, Path))),
        _edition_epoch(planned, key))


def _digest_of(corpus: Corpus, record: Record) -> str:
    # Known from the check; read again only for content that was loaded without it.
    known = corpus.digests.get(record.id)
    if known:
        return known
    return file_digest((corpus.root / str(record.year) / f"{record.id}.yml").read_bytes())


def _records_of(planned: Planned, key: str) -> list[PublicRecord]:
    """The published records an edition lists (a year) or builds the pages of (a part)."""
    return planned.published_in.get(key, [])


def _sources_of(planned: Planned, key: str) -> list[Record]:
    """The records, published or not, whose files go into an edition."""
    return planned.sources_in.get(key, [])


def _by_edition(items: Iterable[RecordT], part_of: dict[str, str]) -> dict[str, list[RecordT]]:
    """Records by the year that lists them and by the part that builds their pages."""
    grouped: dict[str, list[RecordT]] = {}
    for item in items:
        grouped.setdefault(str(item.year), []).append(item)
        grouped.setdefault(part_of[item.id], []).append(item)
    return grouped


def _stale(editions: list[Edition], keys: dict[str, str], year: int | None) -> list[Edition]:
    """The editions to build: the portal, the --year asked for, and those whose key changed."""
    stale = []
    for edition in editions:
        changed = edition.key == PORTAL or cached_key(edition.html) != keys[edition.key]
        if (year is None and changed) or edition_folder(edition.key) in ("", str(year)):
            stale.append(edition)
        elif changed:
            raise BuildError(f"--year {year}: edition {edition.key} is out of date as well; "
                             "build without --year to rebuild every edition that changed")
    return stale


def _jobs(asked: int | None, stale: list[Edition], plan: SitePlan) -> int:
    """As many processes as asked, or as cores allow, lowered when memory would not suffice."""
    if asked is not None:
        return max(1, asked)
    largest = max((len(plan.registry.pages_of(e.key)) for e in stale), default=0)
    need = _EDITION_BASE_BYTES + largest * _EDITION_BYTES_PER_PAGE
    fits = max(1, _available_memory() // need)
    return max(1, min(os.cpu_count() or 1, len(stale), fits))


def _available_memory() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 4 * 2**30


def _build_editions(planned: Planned, stale: list[Edition], keys: dict[str, str], jobs: int,
                    progress: Progress) -> None:
    global _PLANNED
    for edition in stale:
        forget_key(edition.html)
    # The largest editions first, so that no process is left with a long one at the end.
    order = sorted(stale, key=lambda e: -len(planned.plan.registry.pages_of(e.key)))
    _PLANNED = planned
    planned.renderer.compile_all()
    try:
        if jobs == 1:
            for edition in order:
                _report(progress, build_edition(edition))
        else:
            _build_in_processes(order, jobs, progress)
    finally:
        _PLANNED = None
    for edition in stale:
        if edition.key in keys:
            remember_key(edition.html, keys[edition.key])


def _build_in_processes(order: list[Edition], jobs: int, progress: Progress) -> None:
    # Forked workers share the checked content with this process instead of loading it again.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=fork_context(),
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        pending: set[Future[list[StageTime]]] = {pool.submit(build_edition, e) for e in order}
        while pending:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in done:
                if future.exception() is not None:
                    for other in pending:
                        other.cancel()
                _report(progress, future.result())


def _report(progress: Progress, timings: list[StageTime]) -> None:
    for timing in timings:
        progress.stage(timing)
    progress.edition_done()


def build_edition(edition: Edition) -> list[StageTime]:
    """Generate, build and index one edition; the time each stage took."""
    assert _PLANNED is not None, "build_edition runs inside build_site"
    planned = _PLANNED
    pages = planned.plan.registry.pages_of(edition.key)
    records = sum(1 for page in pages if "record" in page.context)
    clock = Stopwatch()
    write_edition(pages, _edition_files(edition.key, planned), edition.docs, planned.renderer)
    timings = [clock.timing(edition.key, "generate", records)]
    epoch = _edition_epoch(planned, edition.key)
    clock = Stopwatch()
    with _source_date_epoch(epoch):
        build_html(edition, planned.config_file, planned.corpus.site.name, planned.plan.years,
                   planned.corpus.site.url, _theme_extra(planned.corpus, _date_of(epoch)),
                   edition.html.parent.parent / "templates")  # <work>/html/<edition>
    timings.append(clock.timing(edition.key, "mkdocs", records))
    if is_part(edition.key):
        clock = Stopwatch()
        index_edition(edition.html, index_folder(edition.key), planned.config_file.parent)
        timings.append(clock.timing(edition.key, "index", records))
    return timings


def _edition_files(key: str, planned: Planned) -> dict[str, Path | bytes]:
    if key == PORTAL:
        return {"build-info.json": planned.versions.as_json(),
                **{f"schema/{name}": data for name, data in schema_documents().items()}}
    if not is_part(key):
        return {}
    return attachment_files(_records_of(planned, key), planned.corpus.root)


def build_epoch(corpus: Corpus, records: Iterable[Record] | None = None,
                newest: Iterable[dt.date | None] = ()) -> int:
    """The build's date: SOURCE_DATE_EPOCH if set, else the newest date in the content
    (`records`, default all loaded, and the `newest` dates of years not loaded).

    Taking it from the content, not the clock, makes two builds of the same content identical.
    An edition takes the newest date of its own records, so that approving a reply in one
    part of a year leaves the other parts and years as they were.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    dates = [d for d in (newest_date(corpus.records if records is None else records), *newest)
             if d is not None]
    date = max(dates, default=dt.date(2000, 1, 1))
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())


def _edition_epoch(planned: Planned, key: str) -> int:
    return planned.epoch if key == PORTAL else build_epoch(planned.corpus,
                                                           _sources_of(planned, key))


def _date_of(epoch: int) -> dt.date:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date()


def _theme_extra(corpus: Corpus, today: dt.date) -> dict[str, object]:
    return {"replysite": {"jurisdiction": corpus.site.jurisdiction,
                          "build_date": today.isoformat(), "version": __version__}}


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """MkDocs dates the sitemap and its gzip header from SOURCE_DATE_EPOCH."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous

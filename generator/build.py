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
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from generator import __version__
from generator.assemble import Placement, assemble
from generator.check_cache import CheckCache, context_digest, file_digest
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
from generator.pages import RECORDS_PER_PART, SitePlan, plan_site
from generator.progress import Progress, StageTime, Stopwatch
from generator.publication import PublicRecord, publish
from generator.render import Renderer
from generator.schema import schema_documents
from generator.search_index import index_edition, pagefind_binary
from generator.validate import CheckSummary, Corpus, check_summary, validate
from generator.workers import die_with_parent, fork_context
from generator.write import attachment_files, write_edition

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

    @property
    def build_date(self) -> dt.date:
        return _date_of(self.epoch)


# The plan of the build under way, read by the forked worker processes.
_PLANNED: Planned | None = None


def build_site(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    progress = progress or Progress(quiet=True)
    planned = _plan(options, progress)
    editions = _editions(planned, options.work)
    keys = _keys(planned, editions)
    stale = _stale(editions, keys, options.year)
    fresh = [edition.key for edition in editions if edition not in stale]
    progress.plan([edition.key for edition in stale], fresh)
    jobs = _jobs(options.jobs, stale, planned.plan)
    _build_editions(planned, stale, keys, jobs, progress)
    clock = Stopwatch()
    assemble([Placement(e.key, keys.get(e.key, ""), e.html, edition_folder(e.key))
              for e in editions], options.out, options.work)
    progress.stage(StageTime("site", "assemble", clock.seconds()))
    progress.finish()
    return BuildReport(len(planned.corpus.records), len(planned.records),
                       [e.key for e in editions], [e.key for e in stale], fresh,
                       len(planned.plan.registry.pages), planned.build_date, jobs,
                       planned.corpus.redactions_applied)


def generate_markdown(content: Path, work: Path) -> Planned:
    """Check the content and write the Markdown of every edition under `work`/docs, only."""
    planned = _plan(BuildOptions(content, work / "site", work=work), Progress(quiet=True))
    for edition in _editions(planned, work):
        pages = planned.plan.registry.pages_of(edition.key)
        write_edition(pages, _edition_files(edition.key, planned), edition.docs, Renderer())
    return planned


def _plan(options: BuildOptions, progress: Progress) -> Planned:
    clock = Stopwatch()
    corpus = check(options.content, options.jobs,
                   CheckCache(options.work / "check", context_digest(options.content)))
    progress.stage(StageTime("all", "check", clock.seconds(), len(corpus.records)))
    # The checked content lives as long as the build: spare the collector walking it again
    # and again, and forked workers copying its memory pages only for the collector to do so.
    gc.freeze()
    clock = Stopwatch()
    epoch = build_epoch(corpus)
    records = publish(corpus, _date_of(epoch))
    plan = plan_site(corpus, records, options.part_size)
    if options.year is not None and options.year not in plan.years:
        raise BuildError(f"--year {options.year}: no published record in that year "
                         f"(years: {', '.join(str(year) for year in sorted(plan.years))})")
    progress.stage(StageTime("all", "plan", clock.seconds(), len(records)))
    gc.freeze()
    return Planned(corpus, records, plan, epoch, options.config_file.resolve(),
                   _by_edition(records, plan.part_of), _by_edition(corpus.records, plan.part_of))


def _editions(planned: Planned, work: Path) -> list[Edition]:
    # The portal first: it is the root that the yearly editions are placed under.
    keys = sorted(planned.plan.registry.editions(), key=lambda key: (key != PORTAL, key))
    return [Edition(key, (work / "docs" / key).resolve(), (work / "html" / key).resolve())
            for key in keys]


def _keys(planned: Planned, editions: list[Edition]) -> dict[str, str]:
    corpus = planned.corpus
    inputs = KeyInputs(corpus.root, planned.config_file, planned.config_file.parent / "theme",
                       pagefind_binary(planned.config_file.parent), planned.plan.years,
                       repr((corpus.site.name, corpus.site.url, __version__,
                             # Pending items are marked overdue against the build's date.
                             planned.epoch if corpus.site.list_pending else None)))
    shared = shared_digest(inputs)
    keys = {}
    for edition in editions:
        if edition.key == PORTAL:
            continue
        records = _records_of(planned, edition.key)
        keys[edition.key] = edition_key(
            shared, ((f"{r.id}.yml", _digest_of(corpus, r)) for r in
                     _sources_of(planned, edition.key)),
            {name: path for name, path in attachment_files(records, corpus.root).items()
             if isinstance(path, Path)},
            _edition_epoch(planned, edition.key))
    return keys


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
    write_edition(pages, _edition_files(edition.key, planned), edition.docs, Renderer())
    timings = [StageTime(edition.key, "generate", clock.seconds(), records)]
    epoch = _edition_epoch(planned, edition.key)
    clock = Stopwatch()
    with _source_date_epoch(epoch):
        build_html(edition, planned.config_file, planned.corpus.site.name, planned.plan.years,
                   planned.corpus.site.url, _theme_extra(planned.corpus, _date_of(epoch)))
    timings.append(StageTime(edition.key, "mkdocs", clock.seconds(), records))
    if is_part(edition.key):
        clock = Stopwatch()
        index_edition(edition.html, index_folder(edition.key), planned.config_file.parent)
        timings.append(StageTime(edition.key, "index", clock.seconds(), records))
    return timings


def _edition_files(key: str, planned: Planned) -> dict[str, Path | bytes]:
    if key == PORTAL:
        return {f"schema/{name}": data for name, data in schema_documents().items()}
    if not is_part(key):
        return {}
    return attachment_files(_records_of(planned, key), planned.corpus.root)


def build_epoch(corpus: Corpus, records: Iterable[Record] | None = None) -> int:
    """The build's date: SOURCE_DATE_EPOCH if set, else the newest date in the content.

    Taking it from the content, not the clock, makes two builds of the same content identical.
    An edition takes the newest date of its own records, so that approving a reply in one
    part of a year leaves the other parts and years as they were.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    newest = max((d for record in (corpus.records if records is None else records)
                   for d in _record_dates(record)),
                 default=dt.date(2000, 1, 1))
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC).timestamp())


def _edition_epoch(planned: Planned, key: str) -> int:
    return planned.epoch if key == PORTAL else build_epoch(planned.corpus,
                                                           _sources_of(planned, key))


def _record_dates(record: Record) -> Iterator[dt.date]:
    for reply in record.replies:
        yield from (d for d in (reply.date, reply.approved, reply.published) if d)
    yield from (entry.date for entry in record.progress)
    yield from (d for d in (record.submitted, record.assigned) if d)


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

"""Build the editions a build must build: generate each one's Markdown, run MkDocs, index it.

Editions are built in forked processes that share the prepared content (`Planned`) with the
build, the largest first, as many at once as the cores and the memory allow. An edition's key
is forgotten before it is built and written only once it succeeded, so an edition cut short is
never reused.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

from generator import __version__
from generator.data.feeds import atom_feed, newest
from generator.data.schema import SCHEMA_PATH, schema_bytes
from generator.html.mkdocs_build import Edition, build_html
from generator.html.search_index import index_edition, index_hub
from generator.html.sitemaps import ROBOTS, SITEMAP_INDEX, robots_txt, sitemap_index, sitemap_paths
from generator.html.traditional import install_converter
from generator.pages.facts import FeedEntry
from generator.pages.outputs import PORTAL, index_folder, is_part
from generator.pages.plan import SitePlan, identifier_shards
from generator.pages.search_keys import identifier_files
from generator.pages.write import attachment_files, write_edition
from generator.records.schema import schema_documents
from generator.records.validate import Corpus
from generator.records.workers import die_with_parent, fork_context
from generator.site.editions import forget_key, remember_key
from generator.site.prepare import Planned, date_of, edition_epoch, records_of
from generator.site.progress import Progress, StageTime, Stopwatch

# Memory one edition's build may take: MkDocs and, above all, Pagefind grow with the pages.
_EDITION_BASE_BYTES = 400 * 2**20
_EDITION_BYTES_PER_PAGE = 400 * 2**10

# The plan of the build under way, read by the forked worker processes.
_PLANNED: Planned | None = None


def jobs_for(asked: int | None, stale: list[Edition], plan: SitePlan) -> int:
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


def build_editions(planned: Planned, stale: list[Edition], keys: dict[str, str], jobs: int,
                    progress: Progress) -> None:
    """Build the `stale` editions, the largest first, in `jobs` forked processes (with 1, in
    this one), telling `progress` each stage; then write beside each the key it was built from
    (`keys`: edition -> key). The first failure (HtmlBuildError, SearchIndexError …) cancels
    the editions not yet started and is raised, and no key is written."""
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
    write_edition(pages, edition_files(edition.key, planned), edition.docs, planned.renderer)
    timings = [clock.timing(edition.key, "generate", records)]
    epoch = edition_epoch(planned, edition.key)
    clock = Stopwatch()
    with _source_date_epoch(epoch):
        build_html(edition, planned.config_file, planned.corpus.site.name, planned.plan.years,
                   planned.corpus.site.url, _theme_extra(planned.corpus, date_of(epoch)),
                   edition.html.parent.parent / "templates")  # <work>/html/<edition>
    if edition.key == PORTAL:
        install_converter(edition.html, planned.config_file.parent)
    timings.append(clock.timing(edition.key, "mkdocs", records))
    if edition.key == PORTAL:
        clock = Stopwatch()
        index_hub(edition.html, planned.config_file.parent)
        timings.append(clock.timing(edition.key, "index", 0))
    if is_part(edition.key):
        clock = Stopwatch()
        index_edition(edition.html, index_folder(edition.key), planned.config_file.parent)
        timings.append(clock.timing(edition.key, "index", records))
    return timings


def edition_files(key: str, planned: Planned) -> dict[str, Path | bytes]:
    """The files an edition publishes besides its pages, by path in its docs folder -> the file
    to copy or its bytes: for the portal build-info.json, the JSON Schemas (schema/: the
    record format's and the published record's, generator.data.schema) and the Atom feeds of
    the site, of each unit and of each topic (generator.data.feeds), and the search page's
    identifier map (generator.pages.search_keys identifier_files); for a part its published
    replies' attachments; for a year's own pages its data files (generator.data:
    data/records.csv, data/replies.csv, data/records.json) and its feed."""
    if key == PORTAL:
        return {"build-info.json": planned.versions.as_json(),
                **{f"schema/{name}": data for name, data in schema_documents().items()},
                SCHEMA_PATH: schema_bytes(),
                "feed.xml": _feed(planned, "feed.xml", "", newest(e for f in planned.facts
                                                                   for e in f.feed)),
                **term_feed_files(planned),
                **_sitemap_files(planned),
                **identifier_files({f.year: f.identifiers for f in planned.facts},
                                   identifier_shards(planned.facts))}
    if not is_part(key):
        facts = next(f for f in planned.facts if str(f.year) == key)
        return {**planned.data.get(key, {}),
                "feed.xml": _feed(planned, f"{key}/feed.xml", f"{key}年", facts.feed, key)}
    return attachment_files(records_of(planned, key), planned.corpus.root)


def term_feed_files(planned: Planned) -> dict[str, bytes]:
    """The Atom feed of each unit and each topic, beside its page in the portal
    (units/<slug>/feed.xml, topics/<slug>/feed.xml): the newest entries of every year's kept
    facts, so that no year is read again for them."""
    facts = planned.facts
    units = {f"units/{slug}/feed.xml": _feed(planned, f"units/{slug}/feed.xml", unit.name,
                                             newest(e for f in facts
                                                    for e in f.unit_feeds.get(slug, ())))
             for slug, unit in planned.corpus.units.items()}
    topics = {f"topics/{slug}/feed.xml": _feed(planned, f"topics/{slug}/feed.xml", topic.name,
                                               newest(e for f in facts
                                                      for e in f.topic_feeds.get(slug, ())))
              for slug, topic in planned.corpus.topics.items()}
    return {**units, **topics}


def _feed(planned: Planned, path: str, scope: str, entries: Sequence[FeedEntry],
          key: str = PORTAL) -> bytes:
    """The Atom feed at `path` from the site's root, of the site (`scope` ''), a year
    ('2024年'), a unit or a topic (its name), in the edition `key`."""
    site = planned.corpus.site
    feed_id = f"{site.url.rstrip('/')}/{path}" if site.url else f"urn:replysite:{path}"
    return atom_feed(f"{site.name}：{scope}最新公开的答复和进展", site.jurisdiction, feed_id,
                     site.url, path, entries,
                     date_of(edition_epoch(planned, key)).isoformat())


def _sitemap_files(planned: Planned) -> dict[str, Path | bytes]:
    """The sitemap index and robots.txt (generator.html.sitemaps), where site.yml gives the
    site's url: every year with a published record, and its parts with one."""
    url = planned.corpus.site.url
    if not url:
        return {}
    years = [(f.year, f.parts) for f in sorted(planned.facts, key=lambda f: -f.year)
             if f.parts]
    return {SITEMAP_INDEX: sitemap_index(url, sitemap_paths(years)), ROBOTS: robots_txt(url)}


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

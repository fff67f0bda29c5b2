"""The build, start to finish: prepare, decide what to build, build the editions, assemble.

Every record is loaded and checked before anything is written (`prepare`). Each year is built
as editions of its own, reused from the work folder when their key has not changed
(`reuse`); the portal, which lists every year, is always built (`produce`). The finished site
replaces the previous one only at the very end (`assemble`), so a failed or killed build leaves
the last good site as it was.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator.html.mkdocs_build import Edition
from generator.pages.outputs import edition_folder, index_folder, is_part
from generator.pages.write import write_edition
from generator.records.check_cache import CheckCache
from generator.records.contact_details import Redaction
from generator.records.load import find_content
from generator.records.validate import CheckSummary, Corpus, check_summary, validate
from generator.site.assemble import Placement, assemble
from generator.site.editions import cached_key
from generator.site.folders import check_content, check_folders, mark_work
from generator.site.prepare import (
    ArchivedYear,
    BuildError,
    BuildOptions,
    Planned,
    editions_of,
    prepare,
)
from generator.site.produce import build_editions, edition_files, jobs_for
from generator.site.progress import Progress, Stopwatch
from generator.site.reuse import ReuseError, editions_to_build

__all__ = ["ArchivedYear", "BuildError", "BuildOptions", "BuildReport", "build_site", "check",
           "check_only", "generate_markdown"]


@dataclass
class BuildReport:
    """What a build did, for the CLI's summary and the tests: records found and published, every
    edition and which were rebuilt or reused, pages, the date shown, processes used, the
    redaction rules applied (one line each), the years loaded rather than kept, the embargo
    cut-off date and the site's url, if site.yml gives one."""

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
    cutoff: dt.date | None = None  # replies published after it were held back (embargo)
    site_url: str | None = None  # site.yml's url: without it, no sitemap and no robots.txt


def check(content: Path, jobs: int | None = None, cache: CheckCache | None = None) -> Corpus:
    """Load and validate everything, in `jobs` processes (default: one per core), reusing what
    `cache` holds; raise ContentError listing every problem."""
    return validate(find_content(content), jobs or os.cpu_count() or 1, cache)


def check_only(content: Path, jobs: int | None = None) -> CheckSummary:
    """Check everything as `check` does, for a check that builds nothing: counts only."""
    check_content(content)
    return check_summary(find_content(content), jobs or os.cpu_count() or 1)


def build_site(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build the site from `options.content` into `options.out`, reusing what the work folder
    holds. Raises ContentError listing every problem of the content, BuildError for anything
    else; either way the site in `options.out` is left as it was."""
    progress = progress or Progress(quiet=True)
    check_folders(options.config_file, options.content, options.out, options.work)
    if options.edition_only and options.year is None:
        raise BuildError("--edition-only builds the editions of one --year: give it")
    planned = prepare(options, progress)
    mark_work(options.work)
    archived = {str(year.year): year for year in options.archived
                if year.year in planned.plan.years}
    if options.year is not None and str(options.year) in archived:
        raise BuildError(f"--year {options.year}: the year is closed; its pages are served "
                         "from its archive and never built")
    editions = [edition for edition in editions_of(planned, options.work)
                if edition_folder(edition.key) not in archived]
    _check_archived_parts(planned, archived)
    if options.edition_only:
        return _build_year(planned, editions, options, progress)
    keys = {edition.key: planned.keys.get(edition.key, "") for edition in editions}
    try:
        chosen = set(editions_to_build(keys, {edition.key: cached_key(edition.html)
                                              for edition in editions}, options.year))
    except ReuseError as error:
        raise BuildError(str(error)) from None
    stale = [edition for edition in editions if edition.key in chosen]
    fresh = [edition.key for edition in editions if edition.key not in chosen]
    progress.plan([edition.key for edition in stale], fresh)
    jobs = jobs_for(options.jobs, stale, planned.plan)
    build_editions(planned, stale, planned.keys, jobs, progress)
    clock = Stopwatch()
    assemble([Placement(e.key, planned.keys.get(e.key, ""), e.html, edition_folder(e.key))
              for e in editions]
             + [Placement(f"{folder}.archived", year.key, year.pages, folder)
                for folder, year in sorted(archived.items())], options.out, options.work)
    progress.stage(clock.timing("site", "assemble"))
    progress.finish()
    return _report(planned, editions, stale, fresh, jobs)


def _build_year(planned: Planned, editions: list[Edition], options: BuildOptions,
                progress: Progress) -> BuildReport:
    """Build the editions of `options.year` whose key changed into the work folder, and
    nothing else: `assemble` later places them in a site with the portal."""
    year = [e for e in editions if edition_folder(e.key) == str(options.year)]
    stale = [e for e in year if cached_key(e.html) != planned.keys[e.key]]
    fresh = [e.key for e in year if e not in stale]
    progress.plan([e.key for e in stale], fresh)
    jobs = jobs_for(options.jobs, stale, planned.plan)
    build_editions(planned, stale, planned.keys, jobs, progress)
    progress.finish()
    return _report(planned, year, stale, fresh, jobs)


def _check_archived_parts(planned: Planned, archived: dict[str, ArchivedYear]) -> None:
    """Refuse an archive lacking a search index that the search page will load: one made
    with another --part-size than this build's."""
    parts = sorted((key for key in {*planned.plan.registry.editions(), *planned.kept}
                    if is_part(key)), key=lambda key: [int(n) for n in key.split(".")])
    for key in parts:
        year = archived.get(edition_folder(key))
        if year is not None and not (year.pages / index_folder(key)).is_dir():
            raise BuildError(f"the archive of closed year {year.year} has no search index "
                             f"{year.year}/{index_folder(key)}, which this build's parts "
                             "(--part-size) need: build with the --part-size the archive "
                             "was made with")


def _report(planned: Planned, editions: list[Edition], stale: list[Edition], fresh: list[str],
            jobs: int) -> BuildReport:
    facts = planned.facts
    used = sum((Counter(f.rules_used) for f in facts),
               Counter(planned.corpus.vocabulary_rules_used))
    return BuildReport(sum(len(f.ids) for f in facts), sum(f.published for f in facts),
                       [e.key for e in editions], [e.key for e in stale], fresh,
                       len(planned.plan.registry.pages)
                       + sum(inputs.pages for inputs in planned.kept.values()),
                       planned.build_date, jobs,
                       tuple(Redaction(planned.corpus.site.redaction).applied(used)),
                       planned.corpus.years(), planned.cutoff, planned.corpus.site.url)


def generate_markdown(content: Path, work: Path) -> Planned:
    """Check the content and write the Markdown of every edition under `work`/docs, only."""
    planned = prepare(BuildOptions(content, work / "site", work=work), Progress(quiet=True),
                    keep_years=False)
    for edition in editions_of(planned, work):
        pages = planned.plan.registry.pages_of(edition.key)
        write_edition(pages, edition_files(edition.key, planned), edition.docs,
                      planned.renderer)
    return planned

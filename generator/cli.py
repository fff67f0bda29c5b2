"""The `replysite` command line: wiring only, the work is done in the stage modules."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from generator.archive.bag import ArchiveError, ArchiveOptions, make_archive
from generator.archive.closed import check_closed
from generator.archive.pack import UnsafeArchiveError
from generator.archive.served import build
from generator.archive.verify import ArchiveReadError, verify
from generator.html.mkdocs_build import HtmlBuildError
from generator.html.search_index import SearchIndexError
from generator.pages.outputs import DuplicateOutputError
from generator.pages.plan import RECORDS_PER_PART
from generator.records.annotations import FORMATS, github_commands, gitlab_report
from generator.records.problems import ContentError, Problem
from generator.records.validate import CheckSummary
from generator.site.build import (
    BuildError,
    BuildOptions,
    BuildReport,
    check_only,
)
from generator.site.progress import Progress

CONTENT = click.option("--content", type=click.Path(path_type=Path), default=Path("content"),
                       show_default=True, help="Folder of site.yml, units.yml, topics.yml and "
                       "<year>/<id>.yml records.")
OUT = click.option("--out", type=click.Path(path_type=Path), default=Path("site"),
                   show_default=True, help="Where the finished site is placed.")
WORK = click.option("--work", type=click.Path(path_type=Path), default=Path("build"),
                    show_default=True, help="Build folder for generated Markdown and each "
                    "edition's HTML, kept between builds.")
CONFIG = click.option("--config", "config_file", type=click.Path(path_type=Path),
                      default=Path("mkdocs.yml"), show_default=True,
                      help="The shared MkDocs settings.")
DATE = click.option("--date", "cutoff", type=click.DateTime(formats=["%Y-%m-%d"]),
                    default=None, help="Publish the replies whose publication date (published) is "
                    "on or before this date, YYYY-MM-DD  [default: the date of SOURCE_DATE_EPOCH "
                    "when set, else today's date in UTC]")

T = TypeVar("T")

NO_SITEMAP = ("No sitemap or robots.txt: site.yml gives no url, and a sitemap lists absolute "
              "addresses (add url: https://… to site.yml)")


class _Failure(click.ClickException):
    """Printed as 'Error: ...' and exit status 1, never as a traceback."""


@click.group()
@click.version_option(package_name="replysite")
def main() -> None:
    """Publish replies to deputies' suggestions and members' proposals as a static site."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(format="%(levelname)s %(message)s", level=logging.WARNING)


@main.command("check")
@CONTENT
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True,
              help="text: file:line: field: message on stderr; github: workflow commands "
              "(::error file=…,line=…::) on stdout, shown on the lines of a pull request; "
              "gitlab: a Code Quality report (JSON) on stdout or in --output.")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the gitlab report to this file (always written, [] when clean) "
              "and print the problems as text.")
def check_command(content: Path, output_format: str, output: Path | None) -> None:
    """Validate every file and print every problem at once."""
    if output is not None and output_format != "gitlab":
        raise click.UsageError("--output is for --format gitlab")
    # With the gitlab report on stdout, stdout holds the JSON alone.
    say: Callable[[str], None] = functools.partial(
        click.echo, err=output_format == "gitlab" and output is None)
    summary, corrected = _checked(lambda: _check_reported(content, output_format, output))
    say(f"{summary.records} records in {summary.years} years: no problems.")
    for line in _redaction_lines(summary.redactions_applied):
        say(line)
    for year, ids in sorted(corrected.items()):
        say(f"Closed year {year}: corrected since its archive was made ({', '.join(ids)}); "
            f"write it again with 'replysite archive {year}' before the next build.")


def _check_reported(content: Path, output_format: str, output: Path | None
                    ) -> tuple[CheckSummary, dict[int, list[str]]]:
    """The check's summary and the corrections of closed years not yet archived (year:
    record ids); the problems, a closed year's changes among them, printed in the format."""
    try:
        summary = check_only(content)
        corrected = check_closed(content)
    except ContentError as error:
        _report_problems(error.problems, output_format, output)
        raise _Failure(_problems_found(error.problems)) from None
    _report_problems([], output_format, output)
    return summary, corrected


def _report_problems(problems: list[Problem], output_format: str, output: Path | None) -> None:
    if output_format == "github":
        click.echo(github_commands(problems), nl=False)
    elif output_format == "gitlab" and output is None:
        click.echo(gitlab_report(problems), nl=False)
    else:
        if output is not None:
            output.write_text(gitlab_report(problems), encoding="utf-8")
        for problem in problems:
            click.echo(str(problem), err=True)


@main.command("build")
@CONTENT
@OUT
@CONFIG
@WORK
@click.option("--year", type=int, default=None,
              help="Rebuild this year's editions (and the portal) only; the other editions "
              "must be up to date in the build folder.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Editions built in parallel processes  [default: the number of cores, "
              "fewer when memory would not suffice]")
@click.option("--part-size", type=click.IntRange(min=1), default=RECORDS_PER_PART,
              show_default=True,
              help="Records per part of a year: each part's pages and search index are built "
              "on their own, so publishing a reply rebuilds one part.")
@click.option("--edition-only", is_flag=True,
              help="Build --year's editions into --work and stop, with no portal and no "
              "site: one runner of a build spread over several machines (see assemble).")
@click.option("--quiet", is_flag=True, help="Print only the result, not the progress.")
@DATE
def build_command(content: Path, out: Path, config_file: Path, work: Path, year: int | None,
                  jobs: int | None, part_size: int, edition_only: bool, quiet: bool,
                  cutoff: dt.datetime | None) -> None:
    """Check the content, then build the site into --out, rebuilding only what changed."""
    progress = Progress(quiet=quiet)
    options = BuildOptions(content, out, config_file, work, year, jobs, part_size,
                           cutoff.date() if cutoff else None, edition_only)
    report = _checked(lambda: build(options, progress))
    if not quiet:
        for line in progress.summary():
            click.echo(line, err=True)
    if edition_only:
        click.echo(f"Built the editions of {year} into {work}/ (rebuilt "
                   f"{', '.join(report.rebuilt) or 'none'}; reused "
                   f"{', '.join(report.reused) or 'none'}); no site: replysite assemble "
                   "places them in one.")
        return
    _echo_built(report, out)


@main.command("assemble")
@click.option("--from", "sources", type=click.Path(path_type=Path), multiple=True,
              required=True, help="A work folder of `replysite build --edition-only` (its "
              "html/ and years/ suffice); give one for each runner.")
@CONTENT
@OUT
@CONFIG
@WORK
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for the editions no runner built  [default: as build]")
@click.option("--part-size", type=click.IntRange(min=1), default=RECORDS_PER_PART,
              show_default=True, help="Records per part of a year: as the runners built.")
@click.option("--quiet", is_flag=True, help="Print only the result, not the progress.")
@DATE
def assemble_command(sources: tuple[Path, ...], content: Path, out: Path, config_file: Path,
                     work: Path, jobs: int | None, part_size: int, quiet: bool,
                     cutoff: dt.datetime | None) -> None:
    """Gather the editions that several runners built into --work, build the portal and
    any edition none of them built, and swap the site into --out."""
    from generator.site.gather import gather

    progress = Progress(quiet=quiet)
    options = BuildOptions(content, out, config_file, work, None, jobs, part_size,
                           cutoff.date() if cutoff else None)
    taken = _checked(lambda: gather(sources, options))
    click.echo(f"Took {len(taken)} editions from {len(sources)} work "
               f"folder{'s' if len(sources) != 1 else ''}.")
    report = _checked(lambda: build(options, progress))
    if not quiet:
        for line in progress.summary():
            click.echo(line, err=True)
    _echo_built(report, out)


def _echo_built(report: BuildReport, out: Path) -> None:
    click.echo(f"Built {report.published} of {report.records} records into {out}/ "
               f"({report.pages} pages; editions {', '.join(report.editions)}; "
               f"dated {report.build_date}; embargo cut-off {report.cutoff}).")
    if not report.site_url:
        click.echo(NO_SITEMAP)
    _echo_redactions(report.redactions)


def _echo_redactions(lines: tuple[str, ...]) -> None:
    for line in _redaction_lines(lines):
        click.echo(line)


def _redaction_lines(lines: tuple[str, ...]) -> list[str]:
    return ["Redaction rules applied (site.yml):", *(f"  {line}" for line in lines)] if lines \
        else []


def _problems_found(problems: list[Problem]) -> str:
    count = len(problems)
    return f"{count} problem{'s' if count != 1 else ''} found; nothing was built"


@main.command("serve")
@CONTENT
@OUT
@CONFIG
@WORK
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@DATE
def serve_command(content: Path, out: Path, config_file: Path, work: Path, port: int,
                  cutoff: dt.datetime | None) -> None:
    """Build the site, then serve it on 127.0.0.1 for a preview."""
    from generator.site.serve import serve_folder

    _checked(lambda: build(BuildOptions(content, out, config_file, work,
                                        date=cutoff.date() if cutoff else None)))
    click.echo(f"Serving {out}/ at http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    serve_folder(out, port)


@main.command("changes")
@CONTENT
@click.option("--base", required=True,
              help="The git revision to compare with: the target branch of a merge request, "
              "or the commit the site was last built from.")
@DATE
def changes_command(content: Path, base: str, cutoff: dt.datetime | None) -> None:
    """Print, as Markdown, what the content publishes that it did not at --base, and what it
    no longer publishes."""
    from generator.site.changes import changes_report

    click.echo(_checked(lambda: changes_report(base, content, cutoff.date() if cutoff else None)),
               nl=False)


@main.command("archive")
@click.argument("year", type=int)
@CONTENT
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="The folder the archive <YEAR>.tar.gz is written to  [default: "
              "<content>/archives]")
@CONFIG
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Editions built in parallel processes  [default: as for build]")
@click.option("--part-size", type=click.IntRange(min=1), default=RECORDS_PER_PART,
              show_default=True, help="Records per part of the year, as the site is built "
              "with: a closed year's archive serves the site's search with its parts.")
@DATE
def archive_command(year: int, content: Path, out: Path | None, config_file: Path,
                    jobs: int | None, part_size: int, cutoff: dt.datetime | None) -> None:
    """Write YEAR as a BagIt bag, packed as a reproducible <YEAR>.tar.gz; refused while a
    reply of the year is under embargo at --date."""
    options = ArchiveOptions(year, content, out or content / "archives", config_file, jobs,
                             part_size, cutoff.date() if cutoff else None)
    report = _checked(lambda: make_archive(options))
    click.echo(f"Archived {year} into {report.path}: {report.records} records, "
               f"{report.replies} replies, {report.files} files, dated {report.date}; "
               f"SHA-256 {report.sha256}")


@main.command("verify")
@click.argument("archive", type=click.Path(path_type=Path))
def verify_command(archive: Path) -> None:
    """Check a bag folder or its .tar.gz; name every missing, added or altered file."""
    verdict = _checked(lambda: verify(archive))
    if not verdict.valid:
        for line in verdict.problems:
            click.echo(line, err=True)
        count = len(verdict.problems)
        raise _Failure(f"{archive}: {count} problem{'s' if count != 1 else ''} found; "
                       "the archive is not as it was made")
    click.echo(verdict.summary())


@main.command("demo")
@click.option("--records", default=1000, show_default=True, help="How many records.")
@click.option("--years", default=3, show_default=True, help="Over how many years.")
@click.option("--seed", default=1, show_default=True, help="Same seed, same bytes.")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="A new, empty folder for the corpus.")
def demo_command(records: int, years: int, seed: int, out: Path) -> None:
    """Write a synthetic corpus of realistic records, for tests and benchmarks."""
    from generator.demo import write_demo_corpus

    _checked(lambda: write_demo_corpus(out, records=records, years=years, seed=seed))
    click.echo(f"Wrote {records} records over {years} years into {out}/")


def _checked(work: Callable[[], T]) -> T:
    try:
        return work()
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise _Failure(_problems_found(error.problems)) from None
    except (BuildError, HtmlBuildError, SearchIndexError, DuplicateOutputError, ArchiveError,
            ArchiveReadError, UnsafeArchiveError, ValueError, OSError) as error:
        raise _Failure(str(error)) from None


if __name__ == "__main__":
    sys.exit(main())

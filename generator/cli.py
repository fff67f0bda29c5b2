"""The `replysite` command line: wiring only, the work is done in the stage modules."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from generator.html.mkdocs_build import HtmlBuildError
from generator.html.search_index import SearchIndexError
from generator.pages.outputs import DuplicateOutputError
from generator.pages.plan import RECORDS_PER_PART
from generator.records.problems import ContentError
from generator.site.build import BuildError, BuildOptions, build_site, check_only
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
def check_command(content: Path) -> None:
    """Validate every file and print every problem at once."""
    summary = _checked(lambda: check_only(content))
    click.echo(f"{summary.records} records in {summary.years} years: no problems.")
    _echo_redactions(summary.redactions_applied)


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
@click.option("--quiet", is_flag=True, help="Print only the result, not the progress.")
def build_command(content: Path, out: Path, config_file: Path, work: Path, year: int | None,
                  jobs: int | None, part_size: int, quiet: bool) -> None:
    """Check the content, then build the site into --out, rebuilding only what changed."""
    progress = Progress(quiet=quiet)
    options = BuildOptions(content, out, config_file, work, year, jobs, part_size)
    report = _checked(lambda: build_site(options, progress))
    if not quiet:
        for line in progress.summary():
            click.echo(line, err=True)
    click.echo(f"Built {report.published} of {report.records} records into {out}/ "
               f"({report.pages} pages; editions {', '.join(report.editions)}; "
               f"dated {report.build_date}).")
    if not report.site_url:
        click.echo(NO_SITEMAP)
    _echo_redactions(report.redactions)


def _echo_redactions(lines: tuple[str, ...]) -> None:
    if lines:
        click.echo("Redaction rules applied (site.yml):")
        for line in lines:
            click.echo(f"  {line}")


@main.command("serve")
@CONTENT
@OUT
@CONFIG
@WORK
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve_command(content: Path, out: Path, config_file: Path, work: Path, port: int) -> None:
    """Build the site, then serve it on 127.0.0.1 for a preview."""
    from generator.site.serve import serve_folder

    _checked(lambda: build_site(BuildOptions(content, out, config_file, work)))
    click.echo(f"Serving {out}/ at http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    serve_folder(out, port)


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
        count = len(error.problems)
        raise _Failure(f"{count} problem{'s' if count != 1 else ''} found; "
                       "nothing was built") from None
    except (BuildError, HtmlBuildError, SearchIndexError, DuplicateOutputError, ValueError,
            OSError) as error:
        raise _Failure(str(error)) from None


if __name__ == "__main__":
    sys.exit(main())

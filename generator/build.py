"""The build, start to finish: load, validate, publish, plan, render, write, build HTML, swap in.

Every record is loaded and validated before anything is written, and the finished site replaces
the previous one only at the very end, so a failed build leaves the last good site as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.load import read_content
from generator.mkdocs_build import Edition, build_html
from generator.outputs import PORTAL
from generator.pages import SitePlan, plan_site
from generator.publication import PublicRecord, publish
from generator.render import Renderer
from generator.schema import schema_documents
from generator.search_index import index_edition
from generator.validate import Corpus, validate
from generator.write import attachment_files, write_edition


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    out: Path
    config_file: Path = Path("mkdocs.yml")
    work: Path = Path("build")  # generated Markdown and per-edition HTML, kept between builds


@dataclass
class BuildReport:
    records: int = 0
    published: int = 0
    editions: list[str] = field(default_factory=list)
    pages: int = 0
    build_date: dt.date | None = None


def check(content: Path) -> Corpus:
    """Load and validate everything; raise ContentError listing every problem."""
    return validate(read_content(content))


@dataclass(frozen=True)
class Generated:
    """The Markdown of every edition, written, and what the HTML stage needs to know."""

    corpus: Corpus
    editions: list[Edition]
    plan: SitePlan
    published: int
    epoch: int

    @property
    def build_date(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.epoch, dt.UTC).date()


def build_site(options: BuildOptions) -> BuildReport:
    generated = generate_markdown(options.content, options.work)
    corpus = generated.corpus
    extra = _theme_extra(corpus, generated.build_date)
    with _source_date_epoch(generated.epoch):
        for edition in generated.editions:
            build_html(edition, options.config_file.resolve(), corpus.site.name,
                       generated.plan.years, corpus.site.url, extra)
            if edition.key != PORTAL:
                index_edition(edition.html.parent, edition.key,
                              options.config_file.resolve().parent)
    _assemble(generated.editions, options.out)
    return BuildReport(len(corpus.records), generated.published,
                       [e.key for e in generated.editions], len(generated.plan.registry.pages),
                       generated.build_date)


def generate_markdown(content: Path, work: Path) -> Generated:
    """Check the content, then write each edition's Markdown under `work`/docs."""
    corpus = check(content)
    epoch = build_epoch(corpus)
    records = publish(corpus, dt.datetime.fromtimestamp(epoch, dt.UTC).date())
    plan = plan_site(corpus, records)
    renderer = Renderer()
    editions = []
    for key in plan.registry.editions():
        docs = (work / "docs" / key).resolve()
        write_edition(plan.registry.pages_of(key), _edition_files(key, records, corpus),
                      docs, renderer)
        editions.append(Edition(key, docs, (work / "html" / key).resolve()))
    # The portal first: it is the root that the yearly editions are placed under.
    editions.sort(key=lambda edition: (edition.key != PORTAL, edition.key))
    return Generated(corpus, editions, plan, len(records), epoch)


def _edition_files(key: str, records: list[PublicRecord],
                   corpus: Corpus) -> dict[str, Path | bytes]:
    if key == PORTAL:
        return {f"schema/{name}": data for name, data in schema_documents().items()}
    return attachment_files((r for r in records if str(r.year) == key), corpus.root)


def build_epoch(corpus: Corpus) -> int:
    """The build's date: SOURCE_DATE_EPOCH if set, else the newest date in the content.

    Taking it from the content, not the clock, makes two builds of the same content identical.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    newest = max(_content_dates(corpus), default=dt.date(2000, 1, 1))
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC).timestamp())


def _content_dates(corpus: Corpus) -> Iterator[dt.date]:
    for record in corpus.records:
        for reply in record.replies:
            yield from (d for d in (reply.date, reply.approved, reply.published) if d)
        yield from (entry.date for entry in record.progress)
        yield from (d for d in (record.submitted, record.assigned) if d)


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


def _assemble(editions: list[Edition], out: Path) -> None:
    """Put the editions together beside `out`, then swap the result in for the old site."""
    out = out.resolve()
    staging = out.with_name(f".{out.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    for edition in editions:
        target = staging if edition.key == PORTAL else staging / edition.key
        shutil.copytree(edition.html, target, copy_function=_link_or_copy, dirs_exist_ok=True)
    _swap(staging, out)


def _swap(staging: Path, out: Path) -> None:
    retired = out.with_name(f".{out.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if out.exists():
        out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    # Hard links make assembling a large site nearly free; copy across file systems.
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)

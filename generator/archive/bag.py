"""`replysite archive YEAR`: a year of the site as a BagIt bag (RFC 8493), packed reproducibly.

The payload (`data/`) is the site built from the year's records alone, as `replysite build`
builds it (MkDocs, Material, Pagefind; `generator.site`): the year's pages, its records in
parts with their search indexes, its data files (records.csv, replies.csv, records.json), its
statistics and feed, and a small portal of that year (home, units, topics, statistics, about,
search, build-info.json). Its links name files (`generator.archive.links`), so the bag's
`data/index.html` can be opened from disk as well as served at any address.

`bag-info.txt` gives the jurisdiction, the year, the counts of what was published, the versions
that built the pages (from build-info.json) and a date from the content, never the clock: the
newest date of the year's records, which is also the date the pages show. The bag is written
with the `bagit` library and packed by `generator.archive.pack`, so the same content built with
the same versions gives the same SHA-256.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import bagit

from generator.archive.links import rewrite_site
from generator.archive.pack import pack, sha256_of
from generator.pages.embargo import cutoff_date, publication_dates
from generator.pages.plan import RECORDS_PER_PART
from generator.pages.publication import public_vocabulary
from generator.records.validate import Corpus
from generator.site.build import BuildOptions, BuildReport, build_site, check
from generator.site.folders import check_content

CHECKSUMS = ("sha256",)
VOCABULARIES = ("site.yml", "units.yml", "topics.yml")
ATTACHMENTS = "attachments"


class ArchiveError(Exception):
    """An archive that cannot be made or read, for a reason the message gives (a year with no
    record, a file that is not an archive). The CLI prints it as `Error: …`."""


@dataclass(frozen=True)
class ArchiveOptions:
    """What `replysite archive` was asked: the year, the content folder, the folder the
    tarball goes into, the shared MkDocs settings and the processes to build with."""

    year: int
    content: Path
    out: Path  # the folder of <year>.tar.gz
    config_file: Path = Path("mkdocs.yml")
    jobs: int | None = None
    part_size: int = RECORDS_PER_PART  # as the site is built: its search loads these parts
    date: dt.date | None = None  # --date: the embargo cut-off, as for build


@dataclass(frozen=True)
class ArchiveReport:
    """What was archived: the tarball, its SHA-256 (hex), the date from the content, and the
    counts written to bag-info.txt."""

    path: Path
    sha256: str
    date: dt.date
    records: int
    replies: int
    files: int


def archive_path(out: Path, year: int) -> Path:
    """Where the archive of `year` is written in the folder `out`: `<year>.tar.gz`."""
    return out / f"{year}.tar.gz"


def make_archive(options: ArchiveOptions) -> ArchiveReport:
    """Check the whole content, build the year, bag it and pack it as `archive_path`.

    Raises ContentError listing the content's problems, ArchiveError for a year with no
    published record, BuildError or HtmlBuildError when the build fails; the destination is
    then left as it was."""
    check_content(options.content)
    corpus = public_vocabulary(check(options.content, options.jobs))
    if options.year not in corpus.years():
        raise ArchiveError(f"year {options.year}: no record in {options.content}/ to archive")
    _refuse_embargoed(corpus, options.year, cutoff_date(options.date))
    destination = archive_path(options.out, options.year)
    with tempfile.TemporaryDirectory(prefix="replysite-archive-") as temporary:
        root = Path(temporary)
        report = _build_year(options, root)
        assert report.build_date is not None
        bag = root / "bag" / str(options.year)
        info = _make_bag(root / "site", bag, options.year, corpus.site.jurisdiction,
                         report.build_date)
        files = sum(1 for path in bag.rglob("*") if path.is_file())
        pack(bag, destination, int(dt.datetime.combine(report.build_date, dt.time(),
                                                       tzinfo=dt.UTC).timestamp()))
    return ArchiveReport(destination, sha256_of(destination), report.build_date,
                         int(str(info["Records"])), int(str(info["Replies"])), files)


def _build_year(options: ArchiveOptions, root: Path) -> BuildReport:
    """The site of the year's records alone, built in `root`/site."""
    content = _year_content(options.content, options.year, root / "content")
    with _date_from_content():
        # Nothing of the year is under embargo (refused before), so no cut-off leaves anything
        # out: the latest one makes the archive independent of the clock and the environment.
        report = build_site(BuildOptions(content, root / "site", options.config_file,
                                         root / "work", jobs=options.jobs,
                                         part_size=options.part_size, date=dt.date.max))
    if str(options.year) not in report.editions:
        raise ArchiveError(f"year {options.year}: no published record to archive")
    return report


def _make_bag(site: Path, bag: Path, year: int, jurisdiction: str,
              date: dt.date) -> dict[str, str | list[str]]:
    """The built `site` copied to `bag` with file links and made a bag; its bag-info."""
    shutil.copytree(site, bag)
    # Its links start at the site's root, which an archive served at another address or
    # opened from disk does not have; a server of the archive gives its own.
    (bag / "404.html").unlink(missing_ok=True)
    rewrite_site(bag)
    info = _bag_info(bag, year, jurisdiction, date)
    bagit.make_bag(str(bag), info, processes=1, checksums=list(CHECKSUMS))
    _sort_tag_manifests(bag)
    return info


def _refuse_embargoed(corpus: Corpus, year: int, cutoff: dt.date) -> None:
    """ArchiveError naming the records of `year` with a reply still under embargo at `cutoff`:
    an archive is public, and it is the year's edition once and for all."""
    held = sorted(f"{record.id} ({date})" for record in corpus.records if record.year == year
                  for date in publication_dates(record) if date > cutoff)
    if held:
        raise ArchiveError(f"year {year}: replies are published after {cutoff}, the embargo "
                           f"cut-off (--date, SOURCE_DATE_EPOCH or today): {', '.join(held)}; "
                           "archive the year once every reply of it is public")


def _year_content(content: Path, year: int, target: Path) -> Path:
    """A content folder holding the vocabularies, the year's records and the attachments."""
    target.mkdir(parents=True)
    for name in VOCABULARIES:
        shutil.copy2(content / name, target / name)
    shutil.copytree(content / str(year), target / str(year))
    if (content / ATTACHMENTS).is_dir():
        shutil.copytree(content / ATTACHMENTS, target / ATTACHMENTS)
    return target


@contextmanager
def _date_from_content() -> Iterator[None]:
    """Build without SOURCE_DATE_EPOCH: the archive's date is the newest date of the year's
    records, whatever date a CI job gives the site's build."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _bag_info(site: Path, year: int, jurisdiction: str,
              date: dt.date) -> dict[str, str | list[str]]:
    """bag-info.txt's fields (bagit writes them sorted by name): the counts from the year's
    records.json, the versions from build-info.json."""
    records = json.loads((site / str(year) / "data" / "records.json").read_bytes())
    versions = json.loads((site / "build-info.json").read_bytes())
    kinds = [record["kind"] for record in records]
    return {
        "Source-Organization": jurisdiction,
        "External-Description": f"{jurisdiction}{year}年建议提案办理复文公开：年度页面、"
                                "数据文件和办理统计",
        "Bagging-Date": date.isoformat(),  # the content's date: bagit would take today's
        "Content-Date": date.isoformat(),
        "Jurisdiction": jurisdiction,
        "Year": str(year),
        "Records": str(len(records)),
        "Suggestions": str(kinds.count("suggestion")),
        "Proposals": str(kinds.count("proposal")),
        "Replies": str(sum(len(record["replies"]) for record in records)),
        "Built-With": [f"replysite {versions['replysite']}", f"python {versions['python']}",
                       *(f"{name} {version}"
                         for name, version in sorted(versions["packages"].items())),
                       f"pagefind {versions['pagefind']}"],
    }


def _sort_tag_manifests(bag: Path) -> None:
    """bagit lists the tag files in the order the file system gives them: sort the lines, so
    that two bags of the same files are the same bytes."""
    for algorithm in CHECKSUMS:
        manifest = bag / f"tagmanifest-{algorithm}.txt"
        lines = manifest.read_bytes().decode("utf-8").splitlines(keepends=True)
        manifest.write_bytes("".join(sorted(lines, key=lambda line: line.split(" ", 1)[1]))
                             .encode("utf-8"))

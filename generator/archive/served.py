"""A build with closed years: each one's pages taken from its archive, never built again.

`build` checks the closed years' records against their archives (`generator.archive.closed`),
unpacks each archive once into the work folder (`archived/<year>/`, kept under the archive's
SHA-256 and verified when unpacked), and has `generator.site` place the archived year's folder
in the site as it is. A change of theme, templates, MkDocs or site.yml then leaves a closed
year's pages as they were archived; the portal, always rebuilt, links to them.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

from generator.archive.closed import archive_of, check_closed, closed_years
from generator.archive.pack import UnsafeArchiveError, sha256_of, unpack
from generator.archive.verify import verify
from generator.records.load import find_content
from generator.records.problems import display_path
from generator.site.build import ArchivedYear, BuildError, BuildOptions, BuildReport, build_site
from generator.site.folders import check_folders, mark_work
from generator.site.progress import Progress

ARCHIVED = "archived"


def build(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """`replysite build`: as `generator.site.build.build_site`, with the years site.yml closes
    served from their archives. Raises ContentError for a change to a closed year (or any
    problem of its records), BuildError for an archive that is not as it was made or that
    lacks a correction made since."""
    check_folders(options.config_file, options.content, options.out, options.work)
    years = closed_years(find_content(options.content))
    if not years:
        return build_site(options, progress)
    corrected = check_closed(options.content)
    if corrected:
        year, ids = min(corrected.items())
        raise BuildError(f"closed year {year} has corrections that its archive "
                         f"{display_path(archive_of(options.content, year))} lacks "
                         f"({', '.join(ids)}): write the archive again (replysite archive "
                         f"{year}) and keep it with the content, so that the year is served "
                         "corrected")
    mark_work(options.work)
    archived = tuple(unpacked(options.content, options.work, year) for year in years)
    return build_site(dataclasses.replace(options, archived=archived), progress)


def unpacked(content: Path, work: Path, year: int) -> ArchivedYear:
    """The closed year's archive unpacked in `work`/archived/<year>, verified; unpacked again
    only when the archive's bytes change."""
    archive = archive_of(content, year)
    digest = sha256_of(archive)
    folder = work / ARCHIVED
    target, stamp = folder / str(year), folder / f"{year}.sha256"
    pages = target / "data" / str(year)
    if target.is_dir() and stamp.is_file() and stamp.read_text(encoding="ascii") == digest:
        return ArchivedYear(year, pages, digest)
    folder.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)  # void until the new copy is whole
    staging = Path(tempfile.mkdtemp(prefix=f".{year}.", dir=folder))
    try:
        bag = _verified(unpack(archive, staging), display_path(archive), year)
        shutil.rmtree(target, ignore_errors=True)
        bag.rename(target)
    except UnsafeArchiveError as error:
        raise BuildError(f"the archive of closed year {year} is refused: {error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    stamp.write_text(digest, encoding="ascii")
    return ArchivedYear(year, pages, digest)


def _verified(bag: Path, shown: str, year: int) -> Path:
    verdict = verify(bag)
    if not verdict.valid:
        raise BuildError(f"the archive of closed year {year}, {shown}, is not as it was made "
                         f"({len(verdict.problems)} problems; replysite verify {shown} names "
                         "them)")
    if not (bag / "data" / str(year)).is_dir():
        raise BuildError(f"the archive {shown} holds no pages of {year}")
    return bag

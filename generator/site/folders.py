"""The files and folders a build is given, checked before anything is read or written.

A build replaces `--out` with the new site (and keeps the old one beside it, to be pruned and
reused by the next build), and keeps in `--work` what it made on the way, drafts and withheld
texts included (the checked records in `check/`, the Markdown in `docs/`). So the three folders
a build is given must be kept apart: the work folder never inside the site, nor the site inside
it; the content never inside the site, which replaces it, nor the site inside the content. A
work folder that holds files replysite did not make, and a site folder that is no site, are
refused: the build would delete those files.
"""

from __future__ import annotations

from pathlib import Path

from generator.site.prepare import DATA_FOLDER, BuildError

# Put in a work folder when a build first uses it.
WORK_MARKER = ".replysite-work"
# What a work folder holds (prepare, produce, assemble): one made before the marker existed
# holds nothing else, and is taken as it is.
_WORK_ENTRIES = frozenset({WORK_MARKER, "archived", "assembled.json", "check", DATA_FOLDER,
                           "docs", "html", "templates", "years"})
# Every site a build swaps in has this file at its top.
_SITE_SIGN = "build-info.json"
_PRIVATE = "the work folder holds drafts and withheld texts, which must never be published"
_REPLACED = "each build replaces that folder with the site"
# Why one folder must not be inside another: (outer, inner) -> why.
_APART = {
    ("--out", "--work"): _PRIVATE,
    ("--work", "--out"): "the work folder is the build's own, and holds drafts and withheld "
                         "texts",
    ("--out", "--content"): _REPLACED,
    ("--content", "--out"): "the site's files would be read as content",
}
# Why two options must not name the same folder.
_SAME = {frozenset({"--out", "--work"}): _PRIVATE, frozenset({"--out", "--content"}): _REPLACED}


class FolderError(BuildError):
    """A file or folder given to a build that the build must not use, and why."""


def check_folders(config: Path, content: Path, out: Path, work: Path) -> None:
    """Raise FolderError, naming the option, when `config` is no file; `content`, `out` or
    `work` exists but is no folder; two of `content`, `out` and `work` are one folder or one
    is inside the other as `_APART` forbids; `work` holds files replysite did not make; or
    `out` holds files but no site replysite built. Reads only; writes nothing."""
    if not config.exists():
        raise FolderError(f"--config {config}: no such file")
    if not config.is_file():
        raise FolderError(f"--config {config}: not a file")
    check_content(content)
    given = {"--content": content, "--out": out, "--work": work}
    for outer, inner in _APART:
        _keep_apart(outer, given[outer], inner, given[inner])
    if work.exists() and not work.is_dir():
        raise FolderError(f"--work {work}: not a folder")
    if out.exists() and not out.is_dir():
        raise FolderError(f"--out {out}: not a folder")
    if _foreign_entries(work):
        raise FolderError(f"--work {work} holds files that replysite did not make: the build "
                          "writes and deletes files there; give it a new or empty folder, or "
                          "the work folder of an earlier build")
    if out.is_dir() and any(out.iterdir()) and not (out / _SITE_SIGN).is_file():
        raise FolderError(f"--out {out} holds files but no site that replysite built: {_REPLACED}"
                          "; give it a new or empty folder, or the site of an earlier build")


def check_content(content: Path) -> None:
    """Raise FolderError when `content` exists but is no folder (a missing one is a problem
    of the content, reported by the check)."""
    if content.exists() and not content.is_dir():
        raise FolderError(f"--content {content}: not a folder")


def mark_work(work: Path) -> None:
    """Make the work folder if need be, and mark it as replysite's."""
    work.mkdir(parents=True, exist_ok=True)
    marker = work / WORK_MARKER
    if not marker.is_file():
        marker.write_text("replysite's work folder (replysite build --work): kept between "
                          "builds, and safe to delete\n", encoding="utf-8")


def _keep_apart(outer_option: str, outer: Path, inner_option: str, inner: Path) -> None:
    outer_path, inner_path = outer.resolve(), inner.resolve()
    if outer_path == inner_path:
        first, second = sorted((outer_option, inner_option))
        raise FolderError(f"{first} and {second} are the same folder ({outer}): "
                          f"{_SAME[frozenset({first, second})]}; give each a folder of its own")
    if inner_path.is_relative_to(outer_path):
        raise FolderError(f"{inner_option} {inner} is inside {outer_option} {outer}: "
                          f"{_APART[(outer_option, inner_option)]}; put it elsewhere")


def _foreign_entries(work: Path) -> bool:
    """Whether `work` holds anything but what a replysite work folder holds."""
    if not work.is_dir() or (work / WORK_MARKER).is_file():
        return False
    return any(entry.name not in _WORK_ENTRIES for entry in work.iterdir())

"""The last stage: put the editions together beside the site, then swap the result in at once.

Until the swap, the previous site is not touched; the swap itself is one system call that
exchanges the two folders, so a reader, or a build killed at any moment, sees either the whole
old site or the whole new one.

The site before the last one is kept beside it (`.site.previous`) and brought up to date for
the next build, instead of linking every file of every edition again and deleting the old
site: at 100,000 records that was a third of a million links and as many deletions, for a
build that changed one part. Each site folder's editions and their keys are remembered in the
work folder (ASSEMBLED), so only the folders whose editions changed since are compared, file
by file, with the editions' HTML.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ASSEMBLED = "assembled.json"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@dataclass(frozen=True)
class Placement:
    """One edition's HTML and the folder of the site it goes into ('' for the root)."""

    edition: str
    key: str  # what the edition was built from; '' for one built afresh every time
    html: Path
    place: str


def assemble(placements: Sequence[Placement], out: Path, work: Path) -> None:
    """Make a new site of `placements` beside `out`, then swap it in for `out`."""
    out = out.resolve()
    staging, previous = _sibling(out, "new"), _sibling(out, "previous")
    if previous.is_dir() and not staging.exists():
        previous.rename(staging)
    record = work / ASSEMBLED
    known = _read_record(record)
    held = known.pop(_identity(staging), None) if staging.is_dir() else None
    _write_record(record, known)  # the staging folder's entry is void until it is whole
    staging.mkdir(parents=True, exist_ok=True)  # --out may name a folder in a new one
    wanted = _places(placements)
    for place in sorted(wanted, key=lambda p: (p.count("/"), p)):
        if held is None or held.get(place) != wanted[place] or "" in wanted[place].values():
            _sync_place(staging / place, [p.html for p in placements if p.place == place],
                        _nested(place, wanted))
    for stray in set(held or ()) - set(wanted):
        _remove(staging / stray)
    # Only two folders are ever kept: the new site and the one it replaces.
    live = _identity(out) if out.is_dir() else None
    _write_record(record, {_identity(staging): wanted,
                           **({live: known[live]} if live in known else {})})
    swap_in(staging, out, previous)


def _places(placements: Iterable[Placement]) -> dict[str, dict[str, str]]:
    """Each folder of the site with the editions, and their keys, it is made of."""
    places: dict[str, dict[str, str]] = {}
    for placement in placements:
        places.setdefault(placement.place, {})[placement.edition] = placement.key
    return places


def _nested(place: str, places: Iterable[str]) -> set[str]:
    """The names in `place` that are folders of other editions (the years, in the root)."""
    prefix = f"{place}/" if place else ""
    return {other.removeprefix(prefix).split("/")[0] for other in places
            if other != place and other.startswith(prefix)}


def _sync_place(target: Path, sources: list[Path], keep: set[str]) -> None:
    """Make `target` hold the files of `sources`, merged, as hard links to them, and nothing
    else apart from the names in `keep`; files already linked to the same file stay."""
    wanted: dict[str, list[os.DirEntry[str]]] = {}
    for source in sources:
        with os.scandir(source) as entries:
            for entry in entries:
                wanted.setdefault(entry.name, []).append(entry)
    if not target.is_dir() or target.is_symlink():
        _remove(target)
        target.mkdir(parents=True)
    with os.scandir(target) as entries:
        existing = {entry.name: entry for entry in entries}
    for name, entry in existing.items():
        if name not in wanted and name not in keep:
            _remove(Path(entry.path))
    for name, found in wanted.items():
        _sync_entry(target / name, found, existing.get(name))


def _sync_entry(target: Path, found: list[os.DirEntry[str]],
                present: os.DirEntry[str] | None) -> None:
    folders = [Path(entry.path) for entry in found if entry.is_dir(follow_symlinks=False)]
    if folders:
        _sync_place(target, folders, set())
        return
    source = found[-1]  # a later edition's file wins, as copying one after the other would
    if present is not None:
        if _same_file(source, present):
            return
        _remove(target)
    _link_or_copy(source.path, str(target))


def _same_file(source: os.DirEntry[str], present: os.DirEntry[str]) -> bool:
    if present.is_dir(follow_symlinks=False) or present.is_symlink():
        return False
    mine, theirs = source.stat(follow_symlinks=False), present.stat(follow_symlinks=False)
    if (mine.st_ino, mine.st_dev) == (theirs.st_ino, theirs.st_dev):
        return True
    # A copy, where hard links are refused: copy2 keeps the time, and MkDocs and Pagefind
    # write every file of an edition they rebuild anew.
    return (mine.st_size, mine.st_mtime_ns) == (theirs.st_size, theirs.st_mtime_ns)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _sibling(out: Path, role: str) -> Path:
    return out.with_name(f".{out.name}.{role}")


def _identity(folder: Path) -> str:
    """The same folder under any name: it keeps its inode when it is renamed or swapped."""
    info = folder.stat()
    return f"{info.st_dev}:{info.st_ino}"


def _read_record(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_record(path: Path, record: dict[str, dict[str, dict[str, str]]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.tmp")
    temporary.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
    temporary.replace(path)


def swap_in(staging: Path, out: Path, previous: Path) -> None:
    """Make `staging` the folder at `out`; the old site is kept at `previous`."""
    shutil.rmtree(previous, ignore_errors=True)
    if out.exists() and _exchange(staging, out):
        staging.rename(previous)  # now the old site
        return
    # No atomic exchange here (not Linux, or the file system refuses it): two renames.
    if out.exists():
        out.rename(previous)
    staging.rename(out)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically with Linux's renameat2(RENAME_EXCHANGE)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                       _RENAME_EXCHANGE)
    return bool(result == 0)


def _link_or_copy(source: str, target: str) -> None:
    # Hard links make assembling a large site nearly free. The kept edition files they share
    # are never rewritten in place: MkDocs and Pagefind empty their output folders first.
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)

"""The last stage: put the editions together beside the site, then swap the result in at once.

Until the swap, the previous site is not touched; the swap itself is one system call that
exchanges the two folders, so a reader, or a build killed at any moment, sees either the whole
old site or the whole new one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def assemble(parts: Iterable[tuple[Path, Path]], out: Path) -> None:
    """Copy each (HTML folder, place in the site) into a new site, then swap it in for `out`."""
    out = out.resolve()
    staging = out.with_name(f".{out.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    for html, place in parts:
        shutil.copytree(html, staging / place, copy_function=_link_or_copy, dirs_exist_ok=True)
    swap_in(staging, out)


def swap_in(staging: Path, out: Path) -> None:
    """Make `staging` the folder at `out`; the old one is removed afterwards."""
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging)  # now the old site
        return
    # No atomic exchange here (not Linux, or the file system refuses it): two renames.
    retired = out.with_name(f".{out.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if out.exists():
        out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)


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

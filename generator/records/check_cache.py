"""Checked records kept between builds, keyed by the bytes of their files.

Reading and checking every record file is most of a rebuild's time once there are tens of
thousands, while publishing a reply changes one of them. What checking a file gives (its record,
or its problems) depends only on the file's bytes, the vocabularies and site.yml, and the
generator's code; so it is kept in the work folder, one file per year, under a digest of the
last two, and reused for every file whose bytes are the same.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import generator

_SHARED_FILES = ("site.yml", "units.yml", "topics.yml")
# Bumped when what is kept changes shape, so that an older cache is read as empty.
_FORMAT = 1


def file_digest(data: bytes) -> str:
    """The SHA-256 of `data`, as 64 lowercase hexadecimal digits."""
    return hashlib.sha256(data).hexdigest()


def context_digest(content: Path) -> str:
    """What every file's check depends on besides its own bytes."""
    digest = hashlib.sha256(f"format {_FORMAT}\n".encode())
    for name in _SHARED_FILES:
        path = content / name
        digest.update(f"\0{name}\0".encode())
        if path.is_file():
            digest.update(path.read_bytes())
    code = Path(generator.__file__).parent
    for path in sorted(code.rglob("*.py")):
        digest.update(f"\0{path.relative_to(code).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class CheckCache:
    """Checked files of one content folder: file as shown -> (digest of its bytes, result)."""

    def __init__(self, folder: Path, context: str,
                 digests: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.context = context
        # File as shown -> digest of its bytes, where the caller has already read it.
        self.digests = digests or {}
        self.entries: dict[str, tuple[str, Any]] = {}
        self._loaded_groups: dict[str, set[str]] = {}
        self.hits = 0  # files whose kept result was reused

    def load(self, groups: Iterable[str]) -> None:
        """Read the kept results of these groups (year folders); a stale or damaged file is
        ignored, since everything in it can be checked again."""
        for group in groups:
            try:
                with open(self._path(group), "rb") as kept:
                    context, entries = pickle.load(kept)  # only our own work folder is read
            except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                    AttributeError, ImportError):
                continue
            if context == self.context:
                self.entries.update(entries)
                self._loaded_groups[group] = set(entries)

    def digest_of(self, path: Path, shown: str) -> str:
        """The `file_digest` of the file shown as `shown`: the one given in `digests`, or else
        of `path` read now (raising OSError if it cannot be read)."""
        known = self.digests.get(shown)
        return known if known else file_digest(path.read_bytes())

    def get(self, shown: str, digest: str) -> Any | None:
        """The result kept for the file shown as `shown`, counted in `hits`, if it was kept
        under `digest` (of the file's bytes as they are now); otherwise None."""
        kept = self.entries.get(shown)
        if kept is None or kept[0] != digest:
            return None
        self.hits += 1
        return kept[1]

    def save(self, results: dict[str, dict[str, tuple[str, Any]]]) -> None:
        """Keep the results of each group, writing only the groups whose files changed."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for group, entries in results.items():
            before = self._loaded_groups.get(group)
            if before == set(entries) and all(
                    self.entries[shown][0] == digest for shown, (digest, _) in entries.items()):
                continue
            temporary = self._path(group).with_suffix(".tmp")
            with open(temporary, "wb") as out:
                pickle.dump((self.context, entries), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self._path(group))

    def _path(self, group: str) -> Path:
        return self.folder / f"{group}.pickle"

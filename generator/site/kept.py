"""Years kept between builds, so that a year in which nothing changed is not even loaded.

A build keys each edition by its record files and attachments (`EditionInputs`) and plans the
portal from each year's `YearFacts`. Both are kept in the work folder under a digest of the
year's files and of everything their check depends on (`year_key`). A build loads, checks,
publishes and plans only the years whose files changed or whose editions must be built again; at
100,000 records, reading back every checked record took most of a rebuild's time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.pages.facts import YearFacts

# Bumped when what is kept changes shape or the rules it is made by (the identifier keys of
# search_keys.py), so that older files are read as absent.
_FORMAT = 7


@dataclass(frozen=True)
class EditionInputs:
    """What one edition's key is made of, besides what every edition shares."""

    pages: int
    record_files: tuple[tuple[str, str], ...]  # file name, digest of its bytes
    attachments: tuple[str, ...]  # names relative to the content folder
    epoch: int  # the date the edition shows
    # When each approved reply of its records becomes public (generator.pages.embargo): the
    # key holds those after the build's cut-off, so a reply passing its date rebuilds it.
    publication_dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class KeptYear:
    """What is kept of one year: its facts and its editions' inputs (edition -> inputs),
    valid while the year's `year_key` is still `key` and the same replies are held back."""

    key: str  # year_key of the files the facts were taken from
    facts: YearFacts
    editions: dict[str, EditionInputs]
    # When each approved reply of the year becomes public, and those that were still held
    # back when the facts were taken (generator.pages.embargo): the facts hold for any
    # cut-off date that holds back the same replies.
    publication_dates: tuple[dt.date, ...] = ()
    embargoed: tuple[dt.date, ...] = ()


def year_key(context: str, part_size: int, files: Iterable[tuple[str, str]]) -> str:
    """A digest of a year's record files (name, digest of the bytes) and of what their check
    and planning depend on: `context` (vocabularies, site.yml, the generator's code) and the
    size of a part."""
    digest = hashlib.sha256(f"format {_FORMAT}\n{context}\nparts of {part_size}\n".encode())
    for name, file_digest in sorted(files):
        digest.update(f"\0{name}\0{file_digest}".encode())
    return digest.hexdigest()


class YearStore:
    """Kept years in the work folder: `<folder>/<year>.pickle`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load(self, year: int, key: str) -> KeptYear | None:
        """The kept year if it was kept under `key`; a stale or damaged file is ignored."""
        try:
            with open(self._path(year), "rb") as kept_file:
                version, kept = pickle.load(kept_file)  # only our own work folder is read
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError):
            return None
        if version != _FORMAT or not isinstance(kept, KeptYear) or kept.key != key:
            return None
        return kept

    def save(self, year: int, kept: KeptYear) -> None:
        """Keep `kept` as the year's file, written beside it and renamed over it, so that a
        build cut short leaves the old file or the new one, never half of one."""
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self._path(year).with_suffix(".tmp")
        with open(temporary, "wb") as out:
            pickle.dump((_FORMAT, kept), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self._path(year))

    def _path(self, year: int) -> Path:
        return self.folder / f"{year}.pickle"

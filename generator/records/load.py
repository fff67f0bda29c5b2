"""Stage 1: find the content's files and read each into plain values with their lines.

`find_content` reads site.yml, units.yml and topics.yml and lists the record files, each
`<year>/<id>.yml`; `read_record` reads one of them (generator/records/document.py). A file that
cannot be read becomes a problem, and reading goes on, so that every problem is reported at once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.records.document import Document, load_document
from generator.records.problems import LoadError, Problem, display_path


@dataclass
class LoadedContent:
    """Every file of a content folder, parsed, with the problems met while reading them."""

    root: Path
    site: Document | None = None
    units: Document | None = None
    topics: Document | None = None
    records: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Record files found but not read yet: (path, as shown in messages).
    record_files: list[tuple[Path, str]] = field(default_factory=list)


YEAR_FOLDER = re.compile(r"^\d{4}$")
_VOCABULARY = ("site", "units", "topics")


def read_content(root: Path) -> LoadedContent:
    """Parse site.yml, units.yml, topics.yml and every `<year>/<id>.yml`, in sorted order."""
    loaded = find_content(root)
    for path, shown in loaded.record_files:
        document = read_record(path, shown, loaded.problems)
        if document is not None:
            loaded.records.append(document)
    loaded.record_files = []
    return loaded


def find_content(root: Path) -> LoadedContent:
    """Parse the vocabularies and list the record files, which are read by `read_record`."""
    shown_root = display_path(root)
    loaded = LoadedContent(root=root)
    if not root.is_dir():
        loaded.problems.append(Problem(shown_root, 0, "", "content folder not found"))
        return loaded
    for name in _VOCABULARY:
        path = root / f"{name}.yml"
        if not path.is_file():
            loaded.problems.append(Problem(f"{shown_root}/{name}.yml", 0, "", "file is missing"))
            continue
        setattr(loaded, name, read_record(path, f"{shown_root}/{name}.yml", loaded.problems))
    for path in sorted(root.iterdir()):
        shown = f"{shown_root}/{path.name}"
        if path.is_dir() and YEAR_FOLDER.match(path.name):
            loaded.record_files.extend(_year_files(path, shown, loaded.problems))
        elif path.suffix in (".yml", ".yaml") and path.stem not in _VOCABULARY:
            loaded.problems.append(Problem(shown, 0, "", "unexpected file: records belong in "
                                           "a year folder, as <year>/<id>.yml"))
    return loaded


def _year_files(folder: Path, shown_folder: str,
                problems: list[Problem]) -> list[tuple[Path, str]]:
    found = []
    # scandir knows which entries are files without a stat each: 100,000 of them add up.
    with os.scandir(folder) as scanned:
        entries = sorted(scanned, key=lambda entry: entry.name)
    for entry in entries:
        path, shown = Path(entry.path), f"{shown_folder}/{entry.name}"
        if path.suffix == ".yml" and entry.is_file():
            found.append((path, shown))
        elif not entry.name.startswith("."):
            problems.append(Problem(shown, 0, "", "unexpected file: a year folder holds only "
                                    "records named <id>.yml"))
    return found


def read_record(path: Path, shown: str, problems: list[Problem],
                raw: bytes | None = None) -> Document | None:
    """One YAML file, or None with its problem added to `problems`."""
    try:
        return load_document(path, shown, raw)
    except LoadError as error:
        problems.append(error.problem)
    except OSError as error:
        problems.append(Problem(shown, 0, "", f"cannot be read: {error.strerror}"))
    return None

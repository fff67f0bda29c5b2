"""Which editions must be rebuilt: a key per edition from everything that goes into it.

An edition's HTML and search index are kept in the work folder with the key they were built
from. A later build computes the keys again and rebuilds only the editions whose key changed;
the portal, which lists every year, is always rebuilt. The key covers the edition's record
files and attachments, the vocabularies and site.yml, the generator's code and templates, the
theme, mkdocs.yml, the versions of MkDocs, Material and Pagefind, the list of years (it is in
every page's navigation), the date the edition shows and which of its replies are still held
back until their publication date, so that reusing an edition gives the
same bytes as building it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import generator
from generator.pages.versions import PACKAGES, package_version

KEY_FILE = "edition.key"
_SHARED_FILES = ("site.yml", "units.yml", "topics.yml")


@dataclass(frozen=True)
class KeyInputs:
    """What every edition shares: found once per build."""

    content: Path
    config_file: Path
    theme: Path
    pagefind: Path
    years: tuple[int, ...]
    settings: str  # site name, address and anything else passed to MkDocs, as text


def shared_digest(inputs: KeyInputs) -> str:
    """The SHA-256 (hex) of what every edition is built from: site.yml, units.yml and
    topics.yml, every file of the generator and of the theme, mkdocs.yml, the Pagefind binary,
    the versions of PACKAGES, the years and the settings. An absent file counts by its name
    alone; one that cannot be read raises OSError."""
    digest = hashlib.sha256()
    for name in _SHARED_FILES:
        _add_file(digest, inputs.content / name, name)
    _add_tree(digest, Path(generator.__file__).parent, "generator")
    _add_tree(digest, inputs.theme, "theme")
    _add_file(digest, inputs.config_file, "mkdocs.yml")
    _add_file(digest, inputs.pagefind, "pagefind")
    for package in PACKAGES:
        digest.update(f"{package}=={package_version(package)}\n".encode())
    digest.update(f"years={inputs.years}\nsettings={inputs.settings}\n".encode())
    return digest.hexdigest()


def edition_key(shared: str, record_files: Iterable[tuple[str, str]],
                attachments: Mapping[str, Path], epoch: int,
                embargoed: Iterable[dt.date] = ()) -> str:
    """The key of one edition: the shared digest, its own record files (name and digest of
    their bytes, known from the check), attachments (by their name on the site, not where
    the content folder happens to be), the date it shows, and the publication dates of its
    replies still held back (`generator.pages.embargo`): the same files give other pages once
    the cut-off date passes one of them."""
    held = ",".join(date.isoformat() for date in embargoed)
    digest = hashlib.sha256(f"{shared}\nepoch={epoch}\nembargoed={held}\n".encode())
    for name, file_digest in sorted(record_files):
        digest.update(f"\0{name}\0{file_digest}".encode())
    for name, path in sorted(attachments.items()):
        _add_file(digest, path, name)
    return digest.hexdigest()


def cached_key(html: Path) -> str | None:
    """The key an edition's kept HTML was built from, or None if there is none."""
    marker = html.parent / f"{html.name}.{KEY_FILE}"
    if not html.is_dir() or not marker.is_file():
        return None
    return marker.read_text(encoding="ascii").strip()


def forget_key(html: Path) -> None:
    """Called before an edition is rebuilt, so that a build cut short is never reused."""
    (html.parent / f"{html.name}.{KEY_FILE}").unlink(missing_ok=True)


def remember_key(html: Path, key: str) -> None:
    """Write `key` beside the edition's built HTML (`<html>.edition.key`), for `cached_key`;
    called only once the edition is built and indexed."""
    (html.parent / f"{html.name}.{KEY_FILE}").write_text(key + "\n", encoding="ascii")


def _add_file(digest: hashlib._Hash, path: Path, name: str) -> None:
    digest.update(f"\0{name}\0".encode())
    if path.is_file():
        digest.update(path.read_bytes())


def _add_tree(digest: hashlib._Hash, root: Path, name: str) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            _add_file(digest, path, f"{name}/{path.relative_to(root).as_posix()}")


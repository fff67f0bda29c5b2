"""`replysite verify ARCHIVE`: check a bag, or its `.tar.gz`, and name every file that differs.

The manifests are read by `bagit`; every file the payload manifest (`manifest-sha256.txt`)
lists is hashed again, every file on disk is looked for in it, and the same for the tag files
against `tagmanifest-sha256.txt`, so that one run names every missing, added and altered file,
where bagit's own validation stops at the first kind of problem. Only when no file differs is
bagit's validation run as well (bagit.txt, Payload-Oxum). A tarball is unpacked into a
temporary folder first, after every member's name has been checked (`generator.archive.pack`).
"""

from __future__ import annotations

import hashlib
import tarfile
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import bagit

from generator.archive.pack import unpack

_TAG_MANIFEST_PREFIX = "tagmanifest-"


@dataclass(frozen=True)
class Verdict:
    """What `verify` found: one line per problem (`problems`, empty when the bag is valid),
    and the bag's own account of itself (bag-info.txt's fields) for the summary."""

    archive: Path
    problems: list[str] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0

    @property
    def valid(self) -> bool:
        """No file missing, added or altered, and bagit found the bag valid."""
        return not self.problems

    def summary(self) -> str:
        """One line for a valid bag: its files, bytes, year and jurisdiction."""
        about = "".join(f", {name.lower()} {self.info[name]}"
                        for name in ("Year", "Jurisdiction", "Records", "Replies",
                                     "Content-Date") if name in self.info)
        return (f"{self.archive}: valid BagIt bag, {self.files} payload files, "
                f"{self.bytes:,} bytes{about}")


def verify(archive: Path) -> Verdict:
    """Check the bag folder or `.tar.gz` at `archive`. Raises UnsafeArchiveError for a tarball
    with an unsafe member (nothing is unpacked then) and ArchiveReadError for a path that is
    neither a bag nor a tarball."""
    if archive.is_dir():
        return _verify_bag(archive, archive)
    if not archive.is_file():
        raise ArchiveReadError(f"{archive}: no such file or folder")
    with tempfile.TemporaryDirectory(prefix="replysite-verify-") as temporary:
        try:
            bag = unpack(archive, Path(temporary))
        except (tarfile.TarError, EOFError, OSError) as error:
            raise ArchiveReadError(f"{archive}: not a .tar.gz archive ({error})") from None
        return _verify_bag(bag, archive)


class ArchiveReadError(Exception):
    """The path given to verify is no bag or tarball, or its bag cannot be read at all."""


def _verify_bag(folder: Path, shown: Path) -> Verdict:
    try:
        bag = bagit.Bag(str(folder))
    except bagit.BagError as error:
        raise ArchiveReadError(f"{shown}: not a BagIt bag ({error})") from None
    problems = [f"{shown}: {line}"
                for line in _payload_problems(bag, folder) + _tag_problems(bag, folder)]
    if not problems:
        try:
            bag.validate(processes=1)
        except bagit.BagError as error:
            problems.append(f"{shown}: {error}")
    info = {name: value if isinstance(value, str) else ", ".join(value)
            for name, value in bag.info.items()}
    payload = [folder / name for name in bag.payload_files()]
    return Verdict(shown, problems, info, len(payload),
                   sum(path.stat().st_size for path in payload))


def _payload_problems(bag: bagit.Bag, folder: Path) -> list[str]:
    manifests = ", ".join(f"manifest-{algorithm}.txt" for algorithm in bag.algorithms)
    listed = {_nfc(name): hashes for name, hashes in bag.payload_entries().items()}
    present = {_nfc(path.relative_to(folder).as_posix()): path
               for path in (folder / "data").rglob("*") if path.is_file()}
    return _compare(listed, present, manifests, "payload manifest")


def _tag_problems(bag: bagit.Bag, folder: Path) -> list[str]:
    manifests = ", ".join(f"tagmanifest-{algorithm}.txt" for algorithm in bag.algorithms)
    listed = {_nfc(name): hashes for name, hashes in bag.tagfile_entries().items()}
    present = {_nfc(path.relative_to(folder).as_posix()): path
               for path in folder.rglob("*")
               if path.is_file() and path.relative_to(folder).parts[0] != "data"
               and not path.name.startswith(_TAG_MANIFEST_PREFIX)}
    return _compare(listed, present, manifests, "tag manifest")


def _compare(listed: dict[str, dict[str, str]], present: dict[str, Path], manifests: str,
             kind: str) -> list[str]:
    """A line for each file listed but absent, present but not listed, or whose digest is not
    the one listed; sorted by name."""
    lines = []
    for name in sorted(listed.keys() | present.keys()):
        if name not in present:
            lines.append(f"{name}: missing (listed in {manifests})")
        elif name not in listed:
            lines.append(f"{name}: added (in no {kind})")
        else:
            for algorithm, expected in sorted(listed[name].items()):
                found = _digest(present[name], algorithm)
                if found != expected.lower():
                    lines.append(f"{name}: altered ({algorithm} {found}, expected {expected} "
                                 f"as listed in {manifests})")
    return lines


def _digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with path.open("rb") as data:
        for block in iter(lambda: data.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def _nfc(name: str) -> str:
    # bagit compares names in NFC: a file system may give them decomposed (macOS).
    return unicodedata.normalize("NFC", name)

"""A folder packed as a reproducible `.tar.gz`, and a tarball unpacked only where it belongs.

The same files give the same bytes on any machine, whoever packs them and wherever they lie:
names sorted, every entry's time set to one given date, owner and group 0 with no user or
group name, modes 0755 for folders and 0644 for files, the POSIX (pax) format, and a gzip
header without a file name and with time 0 (what `gzip -n` writes). That is what reproducible
builds ask of an archive (reproducible-builds.org, "Archive metadata").

The tarball is written beside its destination under a hidden name and renamed at the end, so
a run cut short (killed, disk full) never leaves a file that looks like a finished archive.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

_COMPRESSION = 9


class UnsafeArchiveError(Exception):
    """A tarball holds a member that could land outside the folder it is unpacked in, or that
    is not a plain file or folder: the message names the member and what is wrong with it."""


def sha256_of(path: Path) -> str:
    """The SHA-256 of the file at `path` (an archive), in hex, read in blocks by the
    standard library's `hashlib.file_digest`."""
    with path.open("rb") as data:
        return hashlib.file_digest(data, "sha256").hexdigest()


def pack(folder: Path, destination: Path, mtime: int) -> None:
    """Write `folder` (as its own name at the top) to `destination`, a `.tar.gz`, every entry
    dated `mtime` (seconds since 1970). The file appears complete or not at all."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".part",
                                       dir=destination.parent)
    try:
        with os.fdopen(handle, "wb") as raw:
            # No name in the header, time 0: the bytes do not depend on where or when.
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                               compresslevel=_COMPRESSION) as zipped, \
                    tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for path in _entries(folder):
                    _add(tar, folder, path, mtime)
            raw.flush()
            os.fsync(raw.fileno())
        # mkstemp made it private; an archive is public, readable as any file written here.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(partial, 0o666 & ~umask)
        os.replace(partial, destination)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _entries(folder: Path) -> Iterator[Path]:
    """`folder` and everything under it, each folder before its contents, names sorted."""
    yield folder
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.is_dir() and not path.is_symlink():
            yield from _entries(path)
        else:
            yield path


def _add(tar: tarfile.TarFile, folder: Path, path: Path, mtime: int) -> None:
    name = PurePosixPath(folder.name, *path.relative_to(folder).parts).as_posix()
    info = tarfile.TarInfo(name)
    info.mtime = mtime
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if path.is_symlink() or not (path.is_dir() or path.is_file()):
        raise UnsafeArchiveError(f"{path}: only files and folders are archived")
    if path.is_dir():
        info.type, info.mode = tarfile.DIRTYPE, 0o755
        tar.addfile(info)
        return
    info.mode, info.size = 0o644, path.stat().st_size
    with path.open("rb") as data:
        tar.addfile(info, data)


def unpack(tarball: Path, target: Path) -> Path:
    """Unpack `tarball` into the folder `target` after checking every member; the one folder
    at its top. Raises UnsafeArchiveError, naming the member, for an absolute name, a `..`,
    a link or device, or more than one folder at the top, before anything is written; and
    tarfile.TarError or OSError (gzip.BadGzipFile, EOFError) for a file that is no tarball."""
    with tarfile.open(tarball, mode="r:gz") as tar:
        members = tar.getmembers()
        tops = {_checked_name(member) for member in members}
        if len(tops) != 1:
            raise UnsafeArchiveError(f"{tarball}: expected one folder at the top, found "
                                     f"{', '.join(sorted(tops)) or 'nothing'}")
        # The "data" filter refuses the same again, in case a member slipped past the checks.
        tar.extractall(target, members=members, filter="data")
    top = target / tops.pop()
    if not top.is_dir():
        raise UnsafeArchiveError(f"{tarball}: {top.name} at the top is not a folder")
    return top


def _checked_name(member: tarfile.TarInfo) -> str:
    """The first part of a safe member's name; UnsafeArchiveError for any other member."""
    name = member.name
    parts = PurePosixPath(name).parts
    if name.startswith("/") or PurePosixPath(name).is_absolute():
        raise UnsafeArchiveError(f"{name}: an absolute name; refused")
    if ".." in parts or "\\" in name or not parts:
        raise UnsafeArchiveError(f"{name}: a name that leaves its folder; refused")
    if member.issym() or member.islnk():
        raise UnsafeArchiveError(f"{name}: a link (to {member.linkname}); refused")
    if not (member.isfile() or member.isdir()):
        raise UnsafeArchiveError(f"{name}: neither a file nor a folder; refused")
    return parts[0]

"""The content folder as it was at a git revision, read with the `git` command.

`replysite changes --base REV` compares what the content publishes now with what it published
at REV; this takes the content folder out of the repository at REV (`git archive`) into a
folder of its own, leaving the work tree and the index alone.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from generator.site.prepare import BuildError


def content_at(revision: str, content: Path, into: Path) -> Path | None:
    """Write the folder `content` as it was at the git `revision` of its repository into the
    empty folder `into`, and return the copy's path; None if the folder did not exist at
    `revision` (a first publication: nothing was published then).

    Raises BuildError naming `--content` when `content` is in no git work tree, and naming
    `--base` when git knows no commit by `revision`.
    """
    top = _git(content, "rev-parse", "--show-toplevel")
    if top is None:
        raise BuildError(f"--content {content}: not in a git work tree, so there is no "
                         "revision to compare with")
    prefix = (_git(content, "rev-parse", "--show-prefix") or "").rstrip("/")
    commit = _git(content, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit is None:
        raise BuildError(f"--base {revision}: no such commit in {top}")
    root = Path(top)
    if prefix and not _git(root, "ls-tree", "--name-only", commit, "--", prefix):
        return None
    # From the top of the work tree, so that the archive holds the whole folder at its path.
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "--", prefix or "."],
                             cwd=root, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / prefix if prefix else into


def short_commit(revision: str, content: Path) -> str:
    """The abbreviated commit that `revision` names, for the report's heading."""
    return _git(content, "rev-parse", "--short", f"{revision}^{{commit}}") or revision


def _git(folder: Path, *args: str) -> str | None:
    """git's output in `folder`, stripped, or None if it failed."""
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=False)
    return done.stdout.strip() if done.returncode == 0 else None

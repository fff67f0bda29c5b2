"""The versions of the software that builds the site, named on /about/ and in /build-info.json.

A site is reproducible from its content and these versions: the same content built with the same
versions gives the same bytes. They are the ones installed, which `make` takes from
requirements.lock (Python packages) and package-lock.json (Pagefind), so a reader, or an
archivist years later, can tell what to install to build the same site again.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import generator

# The packages whose version can change a byte of the site: they read the content (PyYAML,
# pydantic), render it (Jinja, markdown-it-py and its CJK emphasis plugin, nh3, Markdown, MkDocs,
# Material and its extensions).
PACKAGES = ("pyyaml", "pydantic", "jinja2", "markdown-it-py", "mdit-py-cjk-friendly", "nh3",
            "markdown", "mkdocs", "mkdocs-material", "pymdown-extensions")


@dataclass(frozen=True)
class BuildVersions:
    """replysite's own version, Python's (major.minor: patch releases change no output), each
    of PACKAGES as (name, version), and Pagefind's."""

    replysite: str
    python: str
    packages: tuple[tuple[str, str], ...]
    pagefind: str

    def as_json(self) -> bytes:
        """/build-info.json: the same fields, keys sorted, UTF-8, a line break at the end."""
        data = {"replysite": self.replysite, "python": self.python,
                "packages": dict(self.packages), "pagefind": self.pagefind}
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def build_versions(pagefind: Path) -> BuildVersions:
    """The versions installed now; `pagefind` is the binary that indexes (its `--version`)."""
    return BuildVersions(generator.__version__, f"{sys.version_info[0]}.{sys.version_info[1]}",
                         tuple((name, package_version(name)) for name in PACKAGES),
                         pagefind_version(pagefind))


def package_version(name: str) -> str:
    """The installed version of a Python package, or 'absent'."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def pagefind_version(binary: Path) -> str:
    """'1.6.0' from the binary's `pagefind 1.6.0`, or 'unknown' if it cannot say."""
    try:
        result = subprocess.run([str(binary), "--version"], capture_output=True, text=True,
                                check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    words = result.stdout.split()
    return words[-1] if result.returncode == 0 and words else "unknown"

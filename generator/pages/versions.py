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

# The packages whose version can change a byte of the site: those that read the content
# (PyYAML, pydantic), render it (Jinja and MarkupSafe, which escapes what Jinja puts in a page;
# markdown-it-py, mdurl, which normalizes and percent-encodes its links, and the CJK emphasis
# plugin; nh3; Python-Markdown, MkDocs, Material), choose which files MkDocs publishes
# (pathspec, its exclusion rules) and write the workbooks (XlsxWriter). Every other package a
# build imports is in NOT_SHAPING, with the reason; tests/test_site.py holds the two lists to
# what a real build imports.
PACKAGES = ("pyyaml", "pydantic", "jinja2", "markupsafe", "markdown-it-py", "mdurl",
            "mdit-py-cjk-friendly", "nh3", "markdown", "mkdocs", "mkdocs-material", "pathspec",
            "xlsxwriter")
NOT_SHAPING = {
    "pydantic-core": "pydantic requires one exact version of it: pydantic's version names it",
    "annotated-types": "constraint markers that pydantic reads and checks itself",
    "typing-extensions": "typing helpers",
    "typing-inspection": "typing helpers of pydantic",
    "babel": "MkDocs loads theme translations from a theme's locales/ folder with it; Material "
             "and theme/ have none (Material translates in its templates)",
    "pygments": "imported by Python-Markdown's fenced_code; no highlighting extension is on",
    "mergedeep": "MkDocs merges configurations with it for INHERIT, which mkdocs.yml does not use",
    "pyyaml-env-tag": "MkDocs reads !ENV tags with it; mkdocs.yml has none",
    "click": "the command line",
    "colorama": "the command line's colours",
    "setuptools": "its distutils shim, loaded by Python at start-up",
}


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

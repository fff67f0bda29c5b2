"""Stage 7: index each part of a year for search with Pagefind's extended binary.

Each part gets its own index, written into its year's folder (`2024/pagefind/1/`), so that a
build re-indexes only the part it rebuilds and Pagefind's memory stays bounded by one part's
pages; the search page merges the indexes in the browser. The extended binary is required:
the standard one does not segment Chinese, which has no spaces between words, and finds
nothing.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

INDEX_FOLDER = "pagefind"
# npm's pagefind 1.6.0 (package.json) ships only the extended binary. It segments Chinese with
# ICU4X as the browser segments the query; 1.5.2 from PyPI missed records whose words it split
# differently (measured in Chromium on the sample site: 加装电梯 found 2 of 3 records).
_BINARY_GLOB = "node_modules/@pagefind/*/bin/pagefind_extended"


class SearchIndexError(Exception):
    """Pagefind is not installed, or failed on a part: the message says which and gives what
    Pagefind printed."""


def index_edition(html: Path, folder: str, project: Path) -> Path:
    """Index the record pages of one part, built into `html`, into `html/<folder>`."""
    output = html / folder
    command = [str(pagefind_binary(project)), "--site", str(html), "--glob", "*/index.html",
               "--output-path", str(output), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {html.name}: "
                               f"{(result.stderr or result.stdout).strip()}")
    _remove_unused_interfaces(output)
    return output


def _remove_unused_interfaces(output: Path) -> None:
    """The site has its own search interface; Pagefind's prebuilt ones are never loaded."""
    for prefix in ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui"):
        for path in output.glob(f"{prefix}.*"):
            path.unlink()


def pagefind_binary(project: Path) -> Path:
    """The pinned extended binary in the project's node_modules, or PAGEFIND_BINARY_PATH."""
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        if not Path(override).is_file():
            raise SearchIndexError(f"PAGEFIND_BINARY_PATH {override}: no such file")
        return Path(override)
    found = sorted(project.glob(_BINARY_GLOB))
    if not found:
        raise SearchIndexError(f"Pagefind is not installed in {project}: run 'npm ci' "
                               "(make site does it)")
    return found[0]

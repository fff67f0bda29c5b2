"""Stage 7: index each part of a year for search with Pagefind's extended binary.

Each part gets its own index, written into its year's folder (`2024/pagefind/1/`), so that a
build re-indexes only the part it rebuilds and Pagefind's memory stays bounded by one part's
pages; the search page merges each year's indexes in the browser, starting from the portal's
hub (`index_hub`). The extended binary is required:
the standard one does not segment Chinese, which has no spaces between words, and finds
nothing.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from generator.pages.outputs import HUB_FOLDER

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
    _run_pagefind([str(pagefind_binary(project)), "--site", str(html), "--glob", "*/index.html",
                   "--output-path", str(output), "--quiet"], html.name)
    _remove_unused_interfaces(output)
    return output


# The hub's one page: a word, since Pagefind refuses to write an index of no words, and no
# filter, so that it never passes the filters every search of the search page names.
_HUB_PAGE = '<html lang="zh"><body><main data-pagefind-body>搜索</main></body></html>'


def index_hub(html: Path, project: Path) -> Path:
    """Write the portal's hub into `html/search/pagefind/` (HUB_FOLDER): a Pagefind index of
    one page that no search finds, from which the search page starts each year's instance
    (`createInstance`) before merging that year's parts. Pagefind loads its WebAssembly (55 KB)
    from each instance's first index; with the hub first, every year's instance loads it from
    one address, which the browser fetches once, instead of once per year."""
    output = html / HUB_FOLDER
    with tempfile.TemporaryDirectory() as pages:
        (Path(pages) / "index.html").write_text(_HUB_PAGE, encoding="utf-8")
        _run_pagefind([str(pagefind_binary(project)), "--site", pages, "--output-path",
                       str(output), "--quiet"], "the search page's hub")
    _remove_unused_interfaces(output)
    return output


def _run_pagefind(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {what}: "
                               f"{(result.stderr or result.stdout).strip()}")


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

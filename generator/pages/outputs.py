"""Every page of the site is planned here once, with the one source that claims its address."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PORTAL = "portal"


def part_key(year: int, number: int) -> str:
    """The edition that builds the record pages of one part of a year: '2024.1'."""
    return f"{year}.{number}"


def edition_folder(edition: str) -> str:
    """Where an edition's pages sit in the site: '' for the portal, the year for a year's
    own pages and for each part of its records."""
    return "" if edition == PORTAL else edition.split(".")[0]


def is_part(edition: str) -> bool:
    """Whether an edition is a part of a year ('2024.1'), not the portal or a year ('2024')."""
    return "." in edition


# The portal's own small Pagefind index, from the site's root: every year's search on the search
# page starts from it (generator.html.search_index.index_hub).
HUB_FOLDER = "search/pagefind/"


def index_folder(part: str) -> str:
    """The search index of a part, relative to its year's folder: 'pagefind/1/'."""
    return f"pagefind/{part.split('.')[1]}/"


@dataclass(frozen=True)
class Page:
    """A page to render: its public address, the edition that builds it, and its data."""

    url: str  # relative to the site root, "" for the home page, otherwise ending in "/"
    edition: str  # PORTAL, a year such as "2024" (its listings), or a part such as "2024.1"
    templates: tuple[str, ...]  # most specific first
    title: str
    context: dict[str, Any] = field(default_factory=dict, compare=False)
    source: str = ""  # what asked for this page, for error messages

    @property
    def docs_path(self) -> str:
        """The Markdown file, relative to its edition's docs folder, that MkDocs maps to `url`."""
        folder = edition_folder(self.edition)
        local = self.url.removeprefix(f"{folder}/") if folder else self.url
        return f"{local}index.md"


class DuplicateOutputError(Exception):
    """A page claims an address already claimed, or one outside its edition's folder; the
    message gives the address (/2024/…) and both pages' sources, or the edition."""


class OutputRegistry:
    """Refuses a second page at an address that is already claimed, naming both sources."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self._by_edition: dict[str, list[Page]] = {}

    def claim(self, page: Page) -> None:
        """Take `page.url` for `page`; raise DuplicateOutputError if another page has it, or
        if it lies outside the folder of the page's edition."""
        folder = edition_folder(page.edition)
        if folder and not page.url.startswith(f"{folder}/"):
            raise DuplicateOutputError(f"/{page.url} lies outside edition {page.edition}")
        other = self.pages.get(page.url)
        if other is not None:
            raise DuplicateOutputError(
                f"/{page.url} is claimed twice: by {other.source} and by {page.source}")
        self.pages[page.url] = page
        self._by_edition.setdefault(page.edition, []).append(page)

    def editions(self) -> list[str]:
        """The editions with a page claimed, sorted as strings ('2024', '2024.1', '2024.10',
        '2024.2', …), so PORTAL comes last."""
        return sorted(self._by_edition)

    def pages_of(self, edition: str) -> list[Page]:
        """The pages of one edition, sorted by address; [] for an edition with none."""
        return sorted(self._by_edition.get(edition, ()), key=lambda page: page.url)

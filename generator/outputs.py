"""Every page of the site is planned here once, with the one source that claims its address."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PORTAL = "portal"


@dataclass(frozen=True)
class Page:
    """A page to render: its public address, the edition that builds it, and its data."""

    url: str  # relative to the site root, "" for the home page, otherwise ending in "/"
    edition: str  # a year such as "2024", or PORTAL
    templates: tuple[str, ...]  # most specific first
    title: str
    context: dict[str, Any] = field(default_factory=dict, compare=False)
    source: str = ""  # what asked for this page, for error messages

    @property
    def docs_path(self) -> str:
        """The Markdown file, relative to its edition's docs folder, that MkDocs maps to `url`."""
        local = self.url
        if self.edition != PORTAL:
            local = local.removeprefix(f"{self.edition}/")
        return f"{local}index.md"


class DuplicateOutputError(Exception):
    pass


class OutputRegistry:
    """Refuses a second page at an address that is already claimed, naming both sources."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}

    def claim(self, page: Page) -> None:
        if page.edition != PORTAL and not page.url.startswith(f"{page.edition}/"):
            raise DuplicateOutputError(f"/{page.url} lies outside edition {page.edition}")
        other = self.pages.get(page.url)
        if other is not None:
            raise DuplicateOutputError(
                f"/{page.url} is claimed twice: by {other.source} and by {page.source}")
        self.pages[page.url] = page

    def editions(self) -> list[str]:
        return sorted({page.edition for page in self.pages.values()})

    def pages_of(self, edition: str) -> list[Page]:
        return sorted((p for p in self.pages.values() if p.edition == edition),
                      key=lambda page: page.url)

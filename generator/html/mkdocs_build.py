"""Stage 6: build the HTML of one edition with MkDocs and the Material theme.

The generator stays a separate step that writes Markdown (not an MkDocs plugin), and each
edition is an ordinary MkDocs build of its own docs folder, sharing the top-level mkdocs.yml.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from generator.pages.outputs import PORTAL, edition_folder, is_part

NavItem = dict[str, Any]


class HtmlBuildError(Exception):
    """MkDocs could not build an edition: the message names the edition and gives MkDocs'
    warnings, joined by '; ', or its error when it logged no warning."""


@dataclass(frozen=True)
class Edition:
    """One MkDocs build: the edition's `key`, the folder of its Markdown (`docs`) and the
    folder its HTML is written to (`html`)."""

    key: str  # PORTAL, a year, or a part of a year ("2024.1")
    docs: Path
    html: Path


def build_html(edition: Edition, config_file: Path, site_name: str, years: tuple[int, ...],
               site_url: str | None, extra: dict[str, Any],
               template_cache: Path | None = None) -> None:
    """Run MkDocs for one edition; raise HtmlBuildError with MkDocs' own words on failure.

    `template_cache`: a folder where compiled theme templates are kept between editions."""
    prefix = "" if edition.key == PORTAL else "../"
    config = load_config(
        str(config_file),
        docs_dir=str(edition.docs),
        site_dir=str(edition.html),
        site_name=site_name,
        nav=_navigation(edition.key, years),
        site_url=_edition_url(site_url, edition_folder(edition.key)),
        # Record pages are reached from listings, never from the nav (see design.md).
        not_in_nav="*",
        extra={**extra, "homepage": prefix or None, "replysite_edition": edition.key,
               "replysite_template_cache": str(template_cache) if template_cache else None},
    )
    with _warnings_collected() as warnings:
        try:
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
        except (Abort, MkDocsException) as error:
            details = "; ".join(warnings) or str(error)
            raise HtmlBuildError(f"MkDocs could not build edition {edition.key}: "
                                 f"{details}") from None
    _prune_unused_files(edition)


def _prune_unused_files(edition: Edition) -> None:
    """Drop Material's files for its own search and its source maps: nothing loads them here.

    Every edition carries a copy of the theme's assets, so this saves about 2 MB an edition.
    A year's own 404 page is never served: the server answers with the site's root one.
    """
    shutil.rmtree(edition.html / "assets" / "javascripts" / "lunr", ignore_errors=True)
    for source_map in (edition.html / "assets").rglob("*.map"):
        source_map.unlink()
    if edition.key != PORTAL:
        (edition.html / "404.html").unlink(missing_ok=True)
    if is_part(edition.key):
        # A part's pages sit in its year's folder and load the year's copy of the assets.
        shutil.rmtree(edition.html / "assets")
        number = edition.key.split(".")[1]
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            sitemap = edition.html / name
            if sitemap.is_file():
                sitemap.rename(edition.html / name.replace("sitemap", f"sitemap-{number}"))


def _navigation(edition: str, years: tuple[int, ...]) -> list[NavItem]:
    """The small, fixed navigation: tabs for home, years, units, topics, statistics and about."""
    def target(url: str, owner: str = PORTAL) -> str:
        # A page of this edition is named by its Markdown file; others by a relative link.
        if owner == edition:
            return url.removeprefix(f"{edition}/") + "index.md"
        return url if edition == PORTAL else f"../{url}"

    year_items: list[NavItem] = [{"全部年度": target("years/")}]
    year_items += [{f"{year}年": target(f"{year}/", str(year))} for year in years]
    return [
        {"首页": target("")},
        {"年度": year_items},
        {"承办单位": target("units/")},
        {"主题分类": target("topics/")},
        {"办理统计": target("statistics/")},
        {"关于本站": target("about/")},
    ]


def _edition_url(site_url: str | None, folder: str) -> str | None:
    if not site_url:
        return None
    base = site_url.rstrip("/") + "/"
    return f"{base}{folder}/" if folder else base


@contextmanager
def _warnings_collected() -> Iterator[list[str]]:
    """Collect MkDocs' warnings so a strict-mode failure can say what went wrong."""
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collector(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)

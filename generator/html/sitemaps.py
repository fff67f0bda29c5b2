"""The site's sitemap index and robots.txt, which search engines read first.

MkDocs writes a sitemap for each edition it builds: the portal's `/sitemap.xml`, a year's
`/2024/sitemap.xml` and each part's `/2024/sitemap-1.xml` (renamed by mkdocs_build, since a
part's pages share its year's folder). A sitemap index (sitemaps.org protocol 0.9) lists them
all, and robots.txt names the index, so that one address leads to every page. Sitemaps hold
absolute addresses only, so all of this needs site.yml's `url`: without it MkDocs' sitemaps
list nothing (they stay, since Material fetches them), and no index or robots.txt is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

SITEMAP_INDEX = "sitemap-index.xml"
ROBOTS = "robots.txt"


def sitemap_paths(years: Iterable[tuple[int, Iterable[str]]]) -> list[str]:
    """Each edition's sitemap, from the site's root: the portal's, then per year (`years`: a
    year and its parts, '2024.1' …) the year's and its parts'."""
    paths = ["sitemap.xml"]
    for year, parts in years:
        paths.append(f"{year}/sitemap.xml")
        paths += [f"{year}/sitemap-{part.split('.')[1]}.xml" for part in parts]
    return paths


def sitemap_index(site_url: str, paths: Iterable[str]) -> bytes:
    """The sitemap index listing `paths` (from the site's root) under `site_url`, as UTF-8."""
    base = site_url.rstrip("/") + "/"
    entries = "".join(f"<sitemap><loc>{escape(base + path)}</loc></sitemap>\n"
                      for path in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</sitemapindex>\n").encode()


def robots_txt(site_url: str) -> bytes:
    """robots.txt: every page may be crawled, and the sitemap index is at its address."""
    return (f"User-agent: *\nAllow: /\n\nSitemap: {site_url.rstrip('/')}/{SITEMAP_INDEX}\n"
            ).encode()

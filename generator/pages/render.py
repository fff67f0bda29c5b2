"""Stage 4: render each planned page to Markdown with front matter, one template per kind."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from generator.pages.anchors import progress_anchors, reply_anchors
from generator.pages.outputs import Page
from generator.pages.publication import PublicRecord, UnitRef
from generator.pages.search_keys import (
    IDENTIFIER_FILTERS,
    identifier_filters,
    record_folded_words,
    unit_names,
)
from generator.records.clerk_text import clerk_html

TEMPLATES = Path(__file__).parent / "templates"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|-])")


def markdown_inline(value: object) -> str:
    """Plain text made safe to place anywhere in a Markdown line: it renders as itself."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def clerk_page_html(text: str) -> str:
    """The `clerk` filter: a clerk's Markdown as safe HTML (clerk_html), each table in a box
    of its own that scrolls sideways and takes the keyboard's focus.

    A reply's table is often wider than a phone: the page must not scroll sideways, and a
    region that scrolls must be reachable by keyboard (axe's scrollable-region-focusable). The
    table is classed so that Material leaves it alone: its own wrapper would scroll without
    taking focus. clerk_html escapes every `<` of the text, so each `<table>` is a tag."""
    return (clerk_html(text)
            .replace("<table>", '<div class="rs-table-scroll" tabindex="0" role="region" '
                                'aria-label="表格"><table class="rs-text-table">')
            .replace("</table>", "</table></div>"))


def iso_date(value: dt.date | None) -> str:
    """The `date` filter: YYYY-MM-DD (ISO 8601), or an em dash — for no date."""
    return value.isoformat() if value else "—"


def relative_url(from_url: str, to_url: str) -> str:
    """The href of a link from the page at `from_url` to the page or file at `to_url`, both
    paths on the site relative to its root, as files are named there (`3#楼方案.pdf`).

    Links stay relative so that the site works at any address, under a sub-path too. Page
    addresses are folders ending in "/", which makes this a matter of counting folders. The
    result is percent-encoded as UTF-8 (RFC 3986), every character but letters, digits, `-._~`
    and the `/` between folders: a `#` or `?` in a file's name would otherwise end its path
    and start a fragment or query, a `%` start an escape, and a space or a Chinese character
    make an address that is not valid. Nothing encoded has a meaning in HTML or Markdown either.
    """
    source = from_url.split("/")[:-1]
    target = to_url.split("/")
    common = 0
    while common < min(len(source), len(target) - 1) and source[common] == target[common]:
        common += 1
    return quote("../" * (len(source) - common) + "/".join(target[common:]), safe="/") or "./"


class Renderer:
    """The Jinja environment of the page templates: those in `extra_templates`, if given, before
    the package's own (TEMPLATES). An undefined value raises jinja2.UndefinedError; nothing is
    escaped but by the filters (`md`, `clerk`), since the output is Markdown."""

    def __init__(self, extra_templates: Path | None = None) -> None:
        search_path = [str(p) for p in (extra_templates, TEMPLATES) if p is not None]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(search_path),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # templates do not change during a build: no stat per page
            autoescape=False,  # the output is Markdown; the `md` filter escapes each value
        )
        self.env.filters.update(md=markdown_inline, clerk=clerk_page_html, date=iso_date,
                                json=_json,
                                identifier_filters=identifier_filters,
                                folded_words=record_folded_words, unit_names=unit_names,
                                reply_anchors=reply_anchors, progress_anchors=progress_anchors)
        self.env.globals.update(link=_link, role_in=_role_in,
                                identifier_filter_count=IDENTIFIER_FILTERS)
        self.env.tests["contains_unit"] = _contains_unit

    def compile_all(self) -> None:
        """Compile every template now: forked workers then inherit them compiled, instead of
        each edition's build compiling them again."""
        for name in self.env.list_templates(extensions=["j2"]):
            self.env.get_template(name)

    def render(self, page: Page) -> str:
        """The Markdown of `page`: the first of its templates that exists, rendered with its
        context and `page`, `page_url`; none existing raises jinja2.TemplatesNotFound."""
        template = self.env.select_template(list(page.templates))
        return template.render(page.context, page=page, page_url=page.url)


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, target: str) -> str:
    return relative_url(str(context["page_url"]), target)


def _contains_unit(refs: tuple[UnitRef, ...], slug: str) -> bool:
    return any(ref.unit.slug == slug for ref in refs)


def _role_in(slug: str) -> Callable[[PublicRecord], str]:
    """How the unit `slug` took part in a record: 主办 or 会办."""
    def role(record: PublicRecord) -> str:
        return "主办" if _contains_unit(record.lead_units, slug) else "会办"
    return role


def _json(value: Any) -> str:
    # JSON is YAML too: front matter values are written this way so no text can break it.
    return json.dumps(value, ensure_ascii=False)

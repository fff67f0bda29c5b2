"""Markdown written by clerks, rendered to HTML that can do no harm.

Record texts come from many hands and office systems. They are rendered here with a small set
of extensions, raw HTML is shown as text, and the result passes an allow-list sanitizer, so a
`<script>`, an event handler or a `javascript:` link can never become live markup on the site.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6", "a", "hr", "del",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
_SCHEMES = {"http", "https", "mailto"}


class _DemoteHeadings(Treeprocessor):
    """Clerks' headings sit below the page's own: '#' becomes h3, and none goes past h6."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                element.tag = f"h{min(int(element.tag[1]) + 2, 6)}"


class _PlainTextHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Raw HTML in clerks' text is shown as the text it is, never passed through.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 5)


_renderer = markdown.Markdown(extensions=["tables", "sane_lists", "nl2br", _PlainTextHtml()])


def clerk_html(text: str) -> str:
    """Safe HTML for a clerk's Markdown text."""
    _renderer.reset()
    html = _renderer.convert(text)
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     link_rel="noopener noreferrer nofollow")

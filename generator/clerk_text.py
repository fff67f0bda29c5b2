"""Markdown written by clerks, rendered to HTML that can do no harm.

Record texts come from many hands and office systems. They are rendered with mistune (about
three times faster than Python-Markdown on replies, which matters at 14,000 replies a year) with
raw HTML escaped so it shows as the text it is, single line breaks kept as in a letter, and
headings moved below the page's own. The result then passes nh3, an allow-list sanitizer, so a
`<script>`, an event handler or a `javascript:` link can never become live markup on the site.
"""

from __future__ import annotations

import re
from typing import Any

import mistune
import nh3

_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "table",
    "thead", "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6", "a", "hr", "del",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"style"}, "td": {"style"}, "ol": {"start"}}
_SCHEMES = {"http", "https", "mailto"}


class _LetterRenderer(mistune.HTMLRenderer):
    """Clerks' headings sit below the page's own: '#' becomes h3, and none goes past h6."""

    def heading(self, text: str, level: int, **attrs: Any) -> str:
        return super().heading(text, min(level + 2, 6))


_renderer = mistune.create_markdown(
    escape=True, hard_wrap=True, renderer=_LetterRenderer(escape=True),
    plugins=["table", "strikethrough"],
)


# Text that holds nothing Markdown or HTML could give a meaning to: no ASCII punctuation but
# '%' and '.', no line starting like a numbered list item ("1. "), no control character bar the
# line break, no no-break space (which the sanitizer writes as an entity), no line starting or
# ending with a space, and no line inside a paragraph starting with any other space (the
# parser drops those). Most replies are such plain Chinese paragraphs, and
# rendering them directly skips the Markdown parser and the sanitizer.
_PLAIN = re.compile(r"(?!.*(?:^ | $|^[0-9]+\.(?: |$)|(?<!\n)\n[^\S\n]))"
                    r"[^\x00-\x09\x0b-\x1f\x21-\x24\x26-\x2d\x2f\x3a-\x40\x5b-\x60\x7b-\x9f\xa0]*\Z",
                    re.MULTILINE | re.DOTALL)
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def clerk_html(text: str) -> str:
    """Safe HTML for a clerk's Markdown text."""
    if _PLAIN.match(text):
        return _plain_html(text)
    return markdown_html(text)


def _plain_html(text: str) -> str:
    """What markdown_html gives for plain text: paragraphs, and a line break per line."""
    paragraphs = _PARAGRAPH_BREAK.split(text.strip("\n"))
    return "\n".join(f"<p>{paragraph.replace(chr(10), '<br>' + chr(10))}</p>"
                     for paragraph in paragraphs if paragraph)


def markdown_html(text: str) -> str:
    """Safe HTML for any Markdown text, through mistune and the sanitizer."""
    html = _renderer(text)
    assert isinstance(html, str)
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     filter_style_properties={"text-align"},
                     link_rel="noopener noreferrer nofollow").strip()

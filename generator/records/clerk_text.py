"""Markdown written by clerks, rendered to HTML that can do no harm.

Record texts come from many hands and office systems. They are rendered with markdown-it-py, a
CommonMark parser, with the emphasis rule of mdit-py-cjk-friendly: under plain CommonMark
`**一是加强管理。**我局` stays as asterisks, since a closing `**` after full-width punctuation and
before a letter is not "right-flanking"; the plugin counts CJK characters as punctuation there,
as the CommonMark CJK-friendly amendment proposes (github.com/tats-u/markdown-cjk-friendly),
and makes it bold. Latin text keeps CommonMark's rule. Raw HTML is escaped so it shows as
the text it is, single line breaks are kept as in a letter, headings are moved below the page's
own, and strikethrough and tables (with their alignment) are read as GitHub writes them. The
result then passes nh3, an allow-list sanitizer, so a `<script>`, an event handler or a
`javascript:` link can never become live markup on the site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock, paragraph
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_cjk_friendly import cjk_friendly

_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "table",
    "thead", "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6", "a", "hr", "del",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"style"}, "td": {"style"}, "ol": {"start"}}
_SCHEMES = {"http", "https", "mailto"}


def _retag(renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
           env: EnvType) -> str:
    """Clerks' headings sit below the page's own ('#' becomes h3, none goes past h6), and
    strikethrough is <del>, a removal, rather than markdown-it's <s>."""
    token = tokens[idx]
    if token.tag.startswith("h"):
        token.tag = f"h{min(int(token.tag[1:]) + 2, 6)}"
    else:
        token.tag = "del"
    return renderer.renderToken(tokens, idx, options, env)


def _paragraph(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's paragraph, trimmed of spaces and tabs only, as CommonMark says.

    markdown-it trims any Unicode space, and with it the full-width spaces (　　) that indent
    the first line of a paragraph in a Chinese letter.
    """
    if not paragraph(state, start, end, silent):
        return False
    inline = state.tokens[-2]
    first, last = inline.map or (start, state.line)
    inline.content = state.getLines(first, last, state.blkIndent, False).strip(" \t")
    return True


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "breaks": True, "xhtmlOut": False})
    parser.enable(["table", "strikethrough"])
    parser.block.ruler.at("paragraph", _paragraph)
    # The plugin also joins lines between two CJK characters, as prose wrapped in the source;
    # a clerk's line break is the letter's own, so the renderer's hard break is kept.
    parser.use(cjk_friendly)
    parser.add_render_rule("softbreak", RendererHTML.softbreak)
    for name in ("heading_open", "heading_close", "s_open", "s_close"):
        parser.add_render_rule(name, _retag)
    # Every link becomes an <a>, and the sanitizer alone decides which addresses stay: one
    # rule for every scheme, rather than markdown-it leaving some links as their source text.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


_renderer = _parser()


# Text that holds nothing Markdown or HTML could give a meaning to: no ASCII punctuation but
# '%' and '.', no line starting like a numbered list item ("1. "), no control character bar the
# line break, no no-break space (which the sanitizer writes as an entity), no line starting or
# ending with a space, and no line inside a paragraph starting with a space of any kind (the
# parser drops spaces and tabs there). Most replies are such plain Chinese paragraphs, and
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
    """Safe HTML for any Markdown text, through markdown-it-py and the sanitizer."""
    html = _renderer.render(text)
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     filter_style_properties={"text-align"},
                     link_rel="noopener noreferrer nofollow").strip()

"""A Markdown extension for MkDocs: HTML the generator already made passes through untouched.

Record pages are mostly HTML the generator has escaped or sanitised itself (metadata, the
clerks' texts through clerk_text, listings). Python-Markdown would parse every tag of it again
with html.parser, which measured at over half of MkDocs' time per record page. Text between
`<!--html-->` and `<!--/html-->` lines is stored whole as one raw block instead. It is never
a way for content to bring in markup: templates put the markers, and every value inside has
already passed `e` or `clerk`.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

OPEN, CLOSE = "<!--html-->", "<!--/html-->"
_BLOCK = re.compile(rf"^{re.escape(OPEN)}\n(.*?)\n{re.escape(CLOSE)}$", re.DOTALL | re.MULTILINE)


class _PrebuiltHtml(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        """`lines` with each block from an OPEN line to the next CLOSE line stored in the
        htmlStash and replaced by its placeholder, alone between blank lines; a marker not on
        a line of its own is left as it is."""
        text = "\n".join(lines)
        if OPEN not in text:
            return lines
        stored = _BLOCK.sub(lambda m: f"\n{self.md.htmlStash.store(m.group(1))}\n", text)
        return stored.split("\n")


class PrebuiltHtmlExtension(Extension):
    """Prebuilt HTML passed through, as the module's docstring says; it has no options."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the pass-through preprocessor with `md`, ahead of Python-Markdown's own
        raw HTML one."""
        # Before the raw HTML preprocessor (priority 20), which would parse it tag by tag.
        md.preprocessors.register(_PrebuiltHtml(md), "replysite_prebuilt_html", 25)


def makeExtension(**kwargs: object) -> PrebuiltHtmlExtension:
    """The extension, for Python-Markdown, which loads an extension named by its module's
    dotted path by calling the module's `makeExtension` with the configured options."""
    return PrebuiltHtmlExtension(**kwargs)

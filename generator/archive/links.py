"""Links to folders made links to their `index.html`, so that pages work opened from disk.

A site built with MkDocs' directory URLs links to `units/housing/` and lets the web server
answer with `units/housing/index.html`. A browser opening the files from disk (file://) shows
the folder instead. The archive's pages therefore name the file: every relative `href`, `src`
and `action` in a tag whose path ends in a folder gets `index.html` appended, before any query
or fragment (`../../about/#statistics` -> `../../about/index.html#statistics`). The same page
then works from disk and served at any address. Only tags are touched, found by the standard
library's HTML parser, so text that merely looks like a link (in a reply, a script) stays as it
is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

_ATTRIBUTE = re.compile(r"""(\s(?:href|src|action)\s*=\s*)(?:"([^"]*)"|'([^']*)')""",
                        re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def file_url(url: str) -> str:
    """`url` naming the file a server would answer a relative folder link with: `index.html`
    appended to a relative path ending in `/`, `.` or `..`; any other URL (absolute, with a
    scheme, from the root, a fragment or query alone, a file) is returned as it is."""
    if not url or url.startswith(("/", "#", "?")) or _SCHEME.match(url):
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    path, rest = url[:cut], url[cut:]
    if path.endswith("/"):
        return f"{path}index.html{rest}"
    if path in (".", "..") or path.endswith(("/.", "/..")):
        return f"{path}/index.html{rest}"
    return url


class _TagFinder(HTMLParser):
    """Collects the start and offset of every start tag in a document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tags: list[tuple[int, int, str]] = []  # (line, column, tag text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text()
        if text is not None:
            line, column = self.getpos()
            self.tags.append((line, column, text))

    handle_startendtag = handle_starttag


def file_links(html: str) -> str:
    """`html` with every folder link of its tags rewritten by `file_url`."""
    finder = _TagFinder()
    finder.feed(html)
    finder.close()
    # The parser counts lines at "\n" only.
    starts = [0] + [match.end() for match in re.finditer("\n", html)]
    pieces, done = [], 0
    for line, column, text in finder.tags:
        offset = starts[line - 1] + column
        pieces += [html[done:offset], _ATTRIBUTE.sub(_rewritten, text)]
        done = offset + len(text)
    pieces.append(html[done:])
    return "".join(pieces)


def _rewritten(match: re.Match[str]) -> str:
    if match.group(2) is not None:
        return f'{match.group(1)}"{file_url(match.group(2))}"'
    return f"{match.group(1)}'{file_url(match.group(3))}'"


def rewrite_site(folder: Path) -> int:
    """Rewrite the links of every `.html` file under `folder` in place; how many changed."""
    changed = 0
    for path in sorted(folder.rglob("*.html")):
        text = path.read_bytes().decode("utf-8")  # line ends kept as they are
        rewritten = file_links(text)
        if rewritten != text:
            path.write_bytes(rewritten.encode("utf-8"))
            changed += 1
    return changed

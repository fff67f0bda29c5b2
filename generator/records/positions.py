"""The line of a file that holds a given character of a parsed text.

YAML changes a text's lines as it reads it: a folded (`>`) block and a multi-line plain or quoted
text join their lines with spaces, blank lines become line breaks, indentation and the spaces at
the ends of lines go, a double-quoted text's escapes (`\\n`, `\\u4e2d`, a `\\` ending a line) and a
single-quoted text's `''` stand for other characters. Counting line breaks in the parsed text thus
names the wrong line. What YAML leaves alone is every character that is not a space, a tab or a
line break: those appear in the file in the same order, one for one (an escape for the character
it stands for). So the n-th such character of the text is the n-th such character of the
scalar's source, and the line is the one that holds it.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from generator.records.document import Document, Location

_BLANKS = frozenset(" \t\r\n")
_Composer: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
            "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX_LENGTHS = {"x": 2, "u": 4, "U": 8}


def source_line(document: Document, location: Location, offset: int) -> int:
    """The line of `document`'s file holding the character at `offset` of the text at
    `location` (or the first one after it that is not blank). Falls back to the line where the
    text begins if the file cannot be read again or holds no text there."""
    try:
        source = document.path.read_text(encoding="utf-8")
        loader = _Composer(source)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return document.text_line(location)
    node = _node_at(root, location)
    if not isinstance(node, yaml.ScalarNode):
        return document.text_line(location)
    value: str = node.value
    wanted = sum(1 for char in value[:offset] if char not in _BLANKS)
    for count, index in enumerate(_visible_characters(source, node)):
        if count == wanted:
            return source.count("\n", 0, index) + 1
    return document.text_line(location)


def _node_at(node: yaml.Node | None, location: Location) -> yaml.Node | None:
    for part in location:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            node = next((value for key, value in node.value
                         if isinstance(key, yaml.ScalarNode) and key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if 0 <= part < len(node.value) else None
        else:
            return None
    return node


def _visible_characters(source: str, node: yaml.ScalarNode) -> Iterator[int]:
    """The position in `source` of each character of the scalar's text that is not blank."""
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("|", ">"):
        # The header (`|`, `>-`, `|2`, perhaps a comment) ends its line; the text follows.
        start = source.find("\n", start, end) + 1 or end
    elif node.style == "'":
        yield from _single_quoted(source, start + 1, end - 1)
        return
    elif node.style == '"':
        yield from _double_quoted(source, start + 1, end - 1)
        return
    yield from (i for i in range(start, end) if source[i] not in _BLANKS)


def _single_quoted(source: str, start: int, end: int) -> Iterator[int]:
    i = start
    while i < end:
        if source[i] not in _BLANKS:
            yield i
        i += 2 if source.startswith("''", i) else 1


def _double_quoted(source: str, start: int, end: int) -> Iterator[int]:
    i = start
    while i < end:
        char = source[i]
        if char != "\\":
            if char not in _BLANKS:
                yield i
            i += 1
            continue
        code = source[i + 1] if i + 1 < end else ""
        if code in _HEX_LENGTHS:
            length = _HEX_LENGTHS[code]
            produced = chr(int(source[i + 2:i + 2 + length], 16))
            step = 2 + length
        elif code in ("\n", "\r"):
            produced, step = "", 2  # a line continued: the break and its indentation go
        else:
            produced, step = _ESCAPES.get(code, code), 2
        if produced and produced not in _BLANKS:
            yield i
        i += step

"""Lines indented with a space other than ASCII's, which YAML reads as text, not indentation.

Word, WPS and full-width input modes indent with full-width and no-break spaces. Where YAML would
read such a line as structure (a list item, a field name), the clerk is told which space it is;
inside block and quoted texts, and in plain text that continues a value, the space is kept, since
Chinese paragraphs start with two full-width spaces.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import yaml

from generator.records.characters import describe
from generator.records.problems import Problem
from generator.records.yaml_loader import StrictLoader

# Every space of Unicode category Zs but ASCII's, first on a line or after ASCII spaces: Word,
# WPS and full-width input modes indent with them, and YAML reads them as text, not indentation.
ODD_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_ODD_INDENT = re.compile(f"^ *([{ODD_SPACES}])", re.MULTILINE)
# What a line holds after its indentation when YAML would read it as structure: a list item, a
# complex key, or a field name followed by a colon.
_STRUCTURE = re.compile(r"[-?](?: |\Z)|[^#\s][^\n]*?:(?: |\Z)")
# Scalars whose every line is text, whatever it starts with: block (| and >) and quoted ones.
_TEXT_STYLES = frozenset("|>'\"")


def has_odd_indentation(text: str) -> bool:
    """Whether any line of `text` starts, after ASCII spaces, with another kind of space."""
    return _ODD_INDENT.search(text) is not None


def indentation_problem(text: str, shown: str, node: yaml.Node | None,
                        error: yaml.MarkedYAMLError | None) -> Problem | None:
    """The first line of `text` indented with a space other than ASCII's where YAML reads it as
    structure, or None. `node` is the composed file, or None with the `error` it gave."""
    spans = _text_spans(node) if error is None else _scanned_text_spans(text)
    return _indentation_problem(text, shown, spans, error)


_Spans = tuple[list[int], list[int], int]  # starts, ends (sorted), how far the text was read


def _indentation_problem(text: str, shown: str, spans: _Spans,
                         error: yaml.MarkedYAMLError | None) -> Problem | None:
    """The first line indented with a space other than ASCII's where YAML reads it as
    structure, naming that space, or None. `spans` are the block and quoted scalars, whose
    lines are text and may start with any space (Chinese paragraphs start with two full-width
    spaces).

    A line is refused when, after its spaces, it holds a list item or a field name, or when
    `error` (the file does not parse) is at that space. Other lines are text that continues a
    plain value, and YAML keeps the space in it as the clerk does.
    """
    starts, ends, reached = spans
    for match in _ODD_INDENT.finditer(text):
        at = match.start(1)
        if at > reached:
            return None  # past a syntax error: what follows is unknown
        inside = bisect_right(starts, at) - 1
        if inside >= 0 and at < ends[inside]:
            continue
        end = text.find("\n", at)
        rest = text[at:len(text) if end < 0 else end].lstrip(" " + ODD_SPACES)
        line = text.count("\n", 0, at)
        if _STRUCTURE.match(rest) or _is_at(error, line, at - match.start()):
            space = describe(match.group(1))
            return Problem(shown, line + 1, "", (
                f"line is indented with {space}; indent with spaces" if rest.strip() else
                f"line holds only {space}, which YAML reads as text; remove it"))
    return None


def _is_at(error: yaml.MarkedYAMLError | None, line: int, column: int) -> bool:
    """Whether the parser stopped at, or in a construct begun at, this line and column."""
    marks = (error.context_mark, error.problem_mark) if error else ()
    return any(mark is not None and (mark.line, mark.column) == (line, column) for mark in marks)


def _text_spans(node: yaml.Node | None) -> _Spans:
    """Where the block and quoted scalars of a composed file begin and end (in characters)."""
    found: list[tuple[int, int]] = []
    stack, seen = [node] if node else [], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue  # an alias: the same node again
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode):
            if current.style and current.style in _TEXT_STYLES:
                found.append((current.start_mark.index, current.end_mark.index))
        elif isinstance(current, yaml.MappingNode):
            stack += [part for pair in current.value for part in pair]
        else:
            stack += current.value
    found.sort()
    return [start for start, _ in found], [end for _, end in found], 1 << 62


def _scanned_text_spans(text: str) -> _Spans:
    """The spans of `_text_spans`, for a file that does not parse: from its tokens, as far as
    YAML's scanner reads."""
    scanner = StrictLoader(text)
    starts, ends, reached = [], [], 0
    try:
        while scanner.check_token():
            token = scanner.get_token()
            style = getattr(token, "style", None)
            if isinstance(token, yaml.ScalarToken) and style and style in _TEXT_STYLES:
                starts.append(token.start_mark.index)
                ends.append(token.end_mark.index)
            reached = token.end_mark.index
    except yaml.MarkedYAMLError as error:
        # The scanner read up to where it stopped, though the token there was never made.
        if error.problem_mark is not None:
            reached = max(reached, error.problem_mark.index)
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return starts, ends, reached

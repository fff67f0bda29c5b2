"""A record file's bytes to YAML nodes, refusing first what would mislead a clerk or the parser.

The bytes must be UTF-8 without a byte order mark, without the Unicode line separators YAML
counts as line breaks where editors do not, without tabs or other spaces as indentation, and
without nesting deep enough to overflow the parser's stack. Each refusal names the line.
"""

from __future__ import annotations

import re

import yaml

from generator.records.indentation import has_odd_indentation, indentation_problem
from generator.records.problems import LoadError, Problem
from generator.records.yaml_loader import StrictLoader

# A record is a few kilobytes; these limits only stop files that would exhaust memory.
MAX_FILE_BYTES = 4 * 1024 * 1024
# A record nests four levels deep. The C parser composes nested values recursively, and deep
# enough nesting ([[[[…, 100 kB of it) overflows its stack and kills the process.
MAX_DEPTH = 100

_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_UNICODE_LINE_BREAK = re.compile("[\x85\u2028\u2029]")
_DEEP_LINE = re.compile(rf"^[ ?-]{{{MAX_DEPTH}}}", re.MULTILINE)
_PARSER_DEPTH_LIMIT = "exceeded maximum nesting depth"


def compose(raw: bytes, shown: str) -> yaml.Node | None:
    """The YAML nodes of a file's bytes (None for an empty file); raises LoadError naming the
    file (`shown`) and line of the first thing that is not acceptable."""
    return _compose(_decode(raw, shown), shown)


def _decode(raw: bytes, shown: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise LoadError(Problem(shown, 0, "", f"file is too large ({len(raw):,} bytes; "
                                f"at most {limit} MiB)"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raise LoadError(Problem(shown, 1, "", "file starts with a byte order mark (BOM); "
                                "save it as UTF-8 without BOM"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise LoadError(Problem(shown, line, "", f"not valid UTF-8 (byte 0x{raw[error.start]:02x}"
                                "); save the file as UTF-8")) from None
    separator = _UNICODE_LINE_BREAK.search(text)
    if separator:
        # YAML counts these as line breaks where editors and messages do not, so every line
        # number after one would be wrong.
        raise LoadError(Problem(shown, text.count("\n", 0, separator.start()) + 1, "",
                                f"contains the line separator U+{ord(separator.group()):04X}, "
                                "which YAML reads as a line break; remove it"))
    tab = _TAB_INDENT.search(text)
    if tab:
        raise LoadError(Problem(shown, text.count("\n", 0, tab.start()) + 1, "",
                                "line is indented with a tab; indent with spaces"))
    return text


def _compose(text: str, shown: str) -> yaml.Node | None:
    """The file composed into YAML nodes, refusing deep nesting and odd indentation first."""
    loader = StrictLoader(text)
    try:
        if _may_nest_deeply(text):
            _check_depth(StrictLoader(text), shown)
        node: yaml.Node | None = loader.get_single_node()
        if has_odd_indentation(text):
            odd = indentation_problem(text, shown, node, None)
            if odd:
                raise LoadError(odd)
        return node
    except yaml.MarkedYAMLError as error:
        if error.problem == _PARSER_DEPTH_LIMIT:
            # libyaml (PyYAML 6.0.4 on) refuses deep flow nesting itself while it scans ahead,
            # before the events _check_depth follows: say it as for any other deep nesting.
            mark = error.problem_mark or error.context_mark
            raise LoadError(_too_deep(shown, mark.line + 1 if mark else 0)) from None
        odd = (indentation_problem(text, shown, None, error)
               if has_odd_indentation(text) else None)
        raise LoadError(odd or Problem(shown, *_syntax_error(error))) from None
    except yaml.reader.ReaderError:
        # The parser's position counts from its buffer; find the character in the text itself.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        at = found.start() if found else 0
        line = text.count("\n", 0, at) + 1
        raise LoadError(Problem(shown, line, "", f"contains the control character "
                                f"U+{ord(text[at]):04X}, which YAML does not allow; "
                                "remove it")) from None
    except yaml.YAMLError as error:
        raise LoadError(Problem(shown, 0, "", f"not valid YAML: {error}")) from None
    finally:
        loader.dispose()


def _may_nest_deeply(text: str) -> bool:
    """Whether the text could nest past MAX_DEPTH: only through brackets, or through a line
    that starts with a long run of indentation and `-` or `?` (every block level adds one)."""
    brackets = text.count("[") + text.count("{")
    return brackets > MAX_DEPTH or _DEEP_LINE.search(text) is not None


def _check_depth(events: yaml.SafeLoader, shown: str) -> None:
    """Follow the parser's events, which it produces without recursion, and stop at the first
    value nested past MAX_DEPTH."""
    depth = 0
    try:
        while events.check_event():
            event = events.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise LoadError(_too_deep(shown, event.start_mark.line + 1
                                              if event.start_mark else 0))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        events.dispose()


def _too_deep(shown: str, line: int) -> Problem:
    return Problem(shown, line, "",
                   f"values nested more than {MAX_DEPTH} levels deep are not accepted")


def _syntax_error(error: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """Where the parser stopped, what it expected, and where the construct it was in began."""
    mark = error.problem_mark or error.context_mark
    message = f"not valid YAML: {error.problem or error.context}"
    if error.context and error.context_mark and error.problem_mark:
        message += f" ({error.context} started on line {error.context_mark.line + 1})"
    return (mark.line + 1 if mark else 0), "", message

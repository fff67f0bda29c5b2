"""Stage 1: read YAML files into plain values, remembering the line of every field.

Only a small, predictable subset of YAML is accepted: text, whole numbers, true/false and null.
Dates and record numbers stay text until validation, so that `number: 02403` is never read as an
octal number and `2024-13-01` is reported as a bad date rather than crashing the parser.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.records.characters import describe
from generator.records.problems import Problem, display_path

# A record is a few kilobytes; these limits only stop files that would exhaust memory.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_VALUES = 50_000
# A record nests four levels deep. The C parser composes nested values recursively, and deep
# enough nesting ([[[[…, 100 kB of it) overflows its stack and kills the process.
MAX_DEPTH = 100

Location = tuple[str | int, ...]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# YAML 1.1 reads yes, no, on and off as booleans too, and YAML 1.2 True and FALSE: here they
# stay text, which the models then refuse where a boolean is expected, naming what was found.
_BOOLS = frozenset(("true", "false"))
_NULLS = frozenset(("~", "null", "Null", "NULL", ""))
_INTEGER = re.compile(r"(?:0|-?[1-9][0-9]*)\Z")


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Resolves only plain text, integers without leading zeros, true/false and null."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        # Called for every node; one set lookup is much cheaper than YAML's list of patterns.
        if kind is not yaml.ScalarNode:
            return str(super().resolve(kind, value, implicit))
        if not implicit[0]:
            return "tag:yaml.org,2002:str"
        if value in _NULLS:
            return "tag:yaml.org,2002:null"
        if value in _BOOLS:
            return "tag:yaml.org,2002:bool"
        if _INTEGER.match(value):
            return "tag:yaml.org,2002:int"
        return "tag:yaml.org,2002:str"


_StrictLoader.yaml_implicit_resolvers = {}
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
# Every space of Unicode category Zs but ASCII's, first on a line or after ASCII spaces: Word,
# WPS and full-width input modes indent with them, and YAML reads them as text, not indentation.
ODD_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_ODD_INDENT = re.compile(f"^ *([{ODD_SPACES}])", re.MULTILINE)
# What a line holds after its indentation when YAML would read it as structure: a list item, a
# complex key, or a field name followed by a colon.
_STRUCTURE = re.compile(r"[-?](?: |\Z)|[^#\s][^\n]*?:(?: |\Z)")
# Scalars whose every line is text, whatever it starts with: block (| and >) and quoted ones.
_TEXT_STYLES = frozenset("|>'\"")
_UNICODE_LINE_BREAK = re.compile("[\x85\u2028\u2029]")
_DEEP_LINE = re.compile(rf"^[ ?-]{{{MAX_DEPTH}}}", re.MULTILINE)
_PARSER_DEPTH_LIMIT = "exceeded maximum nesting depth"

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@dataclass
class Document:
    """A parsed YAML file: its values and the line where each field starts."""

    path: Path
    shown: str
    data: Any
    key_lines: dict[Location, int] = field(default_factory=dict)
    value_lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """The line of the field at `location`, or of its nearest enclosing field."""
        for end in range(len(location), 0, -1):
            line = self.key_lines.get(location[:end])
            if line is not None:
                return line
        return 1

    def problem(self, location: Location, message: str) -> Problem:
        """A problem with the field at `location`, placed at its line."""
        return Problem(self.shown, self.line_of(location), format_location(location), message)

    def text_line(self, location: Location) -> int:
        """The line where the text of a field begins (the line after `|` for a block)."""
        return self.value_lines.get(location, self.line_of(location))


class LoadError(Exception):
    """A file that cannot be read as our YAML subset."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def load_document(path: Path, shown: str, raw: bytes | None = None) -> Document:
    """Read one YAML file (or parse `raw`, its bytes, if given); raise LoadError naming the
    file and line if it is not acceptable."""
    raw = path.read_bytes() if raw is None else raw
    text = _decode(raw, shown)
    node = _compose(text, shown)
    document = Document(path=path, shown=shown, data=None)
    if node is not None:
        try:
            document.data = _Converter(document).convert(node, ())
        except RecursionError:
            # Aliases can nest what they name inside each other beyond any depth limit.
            raise LoadError(Problem(shown, node.start_mark.line + 1, "",
                                    f"values nested more than {MAX_DEPTH} levels deep "
                                    "(through aliases) are not accepted")) from None
    return document


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
    loader = _StrictLoader(text)
    try:
        if _may_nest_deeply(text):
            _check_depth(_StrictLoader(text), shown)
        node: yaml.Node | None = loader.get_single_node()
        if _ODD_INDENT.search(text):
            odd = _indentation_problem(text, shown, _text_spans(node), None)
            if odd:
                raise LoadError(odd)
        return node
    except yaml.MarkedYAMLError as error:
        if error.problem == _PARSER_DEPTH_LIMIT:
            # libyaml (PyYAML 6.0.4 on) refuses deep flow nesting itself while it scans ahead,
            # before the events _check_depth follows: say it as for any other deep nesting.
            mark = error.problem_mark or error.context_mark
            raise LoadError(_too_deep(shown, mark.line + 1 if mark else 0)) from None
        odd = (_indentation_problem(text, shown, _scanned_text_spans(text), error)
               if _ODD_INDENT.search(text) else None)
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
    scanner = _StrictLoader(text)
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


class _Converter:
    """Turns composed nodes into plain values, recording lines and refusing surprises."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.count = 0

    def convert(self, node: yaml.Node, location: Location) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            # Nested aliases can make a small file expand into billions of values.
            self._fail(node, location, f"too many values (more than {MAX_VALUES:,}); "
                       "aliases that expand without bound are not accepted")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, location)
        if isinstance(node, yaml.SequenceNode):
            return [self._item(child, location + (i,)) for i, child in enumerate(node.value)]
        return self._scalar(node, location)

    def _item(self, node: yaml.Node, location: Location) -> Any:
        self.document.key_lines.setdefault(location, node.start_mark.line + 1)
        return self.convert(node, location)

    def _mapping(self, node: yaml.MappingNode, location: Location) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, location)
            if not isinstance(key, str):
                self._fail(key_node, location, f"field names must be text, found {key!r}")
            child = location + (key,)
            if key in result:
                first = self.document.key_lines[child]
                self._fail(key_node, child, f"duplicate field (first given on line {first})")
            self.document.key_lines[child] = key_node.start_mark.line + 1
            result[key] = self.convert(value_node, child)
        return result

    def _key(self, node: yaml.Node, location: Location) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self._fail(node, location, "field names must be text, found a list or mapping")
        return self._value_of(node, location)

    def _scalar(self, node: yaml.Node, location: Location) -> Any:
        line = node.start_mark.line + 1
        style = getattr(node, "style", None)
        self.document.value_lines[location] = line + 1 if style in ("|", ">") else line
        return self._value_of(node, location)

    def _value_of(self, node: yaml.Node, location: Location) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self._fail(node, location, f"YAML tag {node.tag!r} is not accepted")
        value: str = node.value
        # A tag written out (!!int) is not checked by the resolver: check the value here.
        if node.tag.endswith(":int"):
            if not _INTEGER.match(value):
                self._fail(node, location, f"'{value}' is tagged !!int but is not a whole number")
            return int(value)
        if node.tag.endswith(":bool"):
            if value not in _BOOLS:
                self._fail(node, location, f"'{value}' is tagged !!bool but is not true or false")
            return value.lower() == "true"
        if node.tag.endswith(":null"):
            if value not in _NULLS:
                self._fail(node, location, f"'{value}' is tagged !!null but is not empty")
            return None
        return value

    def _fail(self, node: yaml.Node, location: Location, message: str) -> None:
        field_name = format_location(location)
        raise LoadError(Problem(self.document.shown, node.start_mark.line + 1, field_name, message))


def format_location(location: Location) -> str:
    """('replies', 0, 'result') -> 'replies[0].result'."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass
class LoadedContent:
    """Every file of a content folder, parsed, with the problems met while reading them."""

    root: Path
    site: Document | None = None
    units: Document | None = None
    topics: Document | None = None
    records: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Record files found but not read yet: (path, as shown in messages).
    record_files: list[tuple[Path, str]] = field(default_factory=list)


YEAR_FOLDER = re.compile(r"^\d{4}$")
_VOCABULARY = ("site", "units", "topics")


def read_content(root: Path) -> LoadedContent:
    """Parse site.yml, units.yml, topics.yml and every `<year>/<id>.yml`, in sorted order."""
    loaded = find_content(root)
    for path, shown in loaded.record_files:
        document = read_record(path, shown, loaded.problems)
        if document is not None:
            loaded.records.append(document)
    loaded.record_files = []
    return loaded


def find_content(root: Path) -> LoadedContent:
    """Parse the vocabularies and list the record files, which are read by `read_record`."""
    shown_root = display_path(root)
    loaded = LoadedContent(root=root)
    if not root.is_dir():
        loaded.problems.append(Problem(shown_root, 0, "", "content folder not found"))
        return loaded
    for name in _VOCABULARY:
        path = root / f"{name}.yml"
        if not path.is_file():
            loaded.problems.append(Problem(f"{shown_root}/{name}.yml", 0, "", "file is missing"))
            continue
        setattr(loaded, name, read_record(path, f"{shown_root}/{name}.yml", loaded.problems))
    for path in sorted(root.iterdir()):
        shown = f"{shown_root}/{path.name}"
        if path.is_dir() and YEAR_FOLDER.match(path.name):
            loaded.record_files.extend(_year_files(path, shown, loaded.problems))
        elif path.suffix in (".yml", ".yaml") and path.stem not in _VOCABULARY:
            loaded.problems.append(Problem(shown, 0, "", "unexpected file: records belong in "
                                           "a year folder, as <year>/<id>.yml"))
    return loaded


def _year_files(folder: Path, shown_folder: str,
                problems: list[Problem]) -> list[tuple[Path, str]]:
    found = []
    # scandir knows which entries are files without a stat each: 100,000 of them add up.
    with os.scandir(folder) as scanned:
        entries = sorted(scanned, key=lambda entry: entry.name)
    for entry in entries:
        path, shown = Path(entry.path), f"{shown_folder}/{entry.name}"
        if path.suffix == ".yml" and entry.is_file():
            found.append((path, shown))
        elif not entry.name.startswith("."):
            problems.append(Problem(shown, 0, "", "unexpected file: a year folder holds only "
                                    "records named <id>.yml"))
    return found


def read_record(path: Path, shown: str, problems: list[Problem],
                raw: bytes | None = None) -> Document | None:
    """One YAML file, or None with its problem added to `problems`."""
    try:
        return load_document(path, shown, raw)
    except LoadError as error:
        problems.append(error.problem)
    except OSError as error:
        problems.append(Problem(shown, 0, "", f"cannot be read: {error.strerror}"))
    return None

"""One record file read into plain values, remembering the line of every field.

Messages name the line of the field they are about (`Document.line_of`), and the contact-detail
check the line of the text it is in (`Document.text_line`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.records.problems import LoadError, Problem
from generator.records.yaml_loader import BOOLS, INTEGER, NULLS, SCALAR_TAGS
from generator.records.yaml_text import MAX_DEPTH, compose

# Nested aliases can make a small file expand into billions of values: stop well before.
MAX_VALUES = 50_000

Location = tuple[str | int, ...]


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


def load_document(path: Path, shown: str, raw: bytes | None = None) -> Document:
    """Read one YAML file (or parse `raw`, its bytes, if given); raise LoadError naming the
    file and line if it is not acceptable."""
    raw = path.read_bytes() if raw is None else raw
    node = compose(raw, shown)
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


class _Converter:
    """Turns composed nodes into plain values, recording lines and refusing surprises."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.count = 0

    def convert(self, node: yaml.Node, location: Location) -> Any:
        """The plain value of `node`, the field at `location`: a dict, list, str, int, bool or
        None, with the lines of its fields recorded in the document. Raises LoadError at the
        offending node's line for a field name that is not text, a duplicate field, a tag other
        than SCALAR_TAGS, a tagged value that is not of its tag, or more than MAX_VALUES values
        in the document."""
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
        if node.tag not in SCALAR_TAGS:
            self._fail(node, location, f"YAML tag {node.tag!r} is not accepted")
        value: str = node.value
        # A tag written out (!!int) is not checked by the resolver: check the value here.
        if node.tag.endswith(":int"):
            if not INTEGER.match(value):
                self._fail(node, location, f"'{value}' is tagged !!int but is not a whole number")
            return int(value)
        if node.tag.endswith(":bool"):
            if value not in BOOLS:
                self._fail(node, location, f"'{value}' is tagged !!bool but is not true or false")
            return value.lower() == "true"
        if node.tag.endswith(":null"):
            if value not in NULLS:
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

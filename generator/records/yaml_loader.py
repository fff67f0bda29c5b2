"""The YAML subset records are written in: what a plain value resolves to, and nothing more.

Only text, whole numbers without leading zeros, `true`/`false` and null are read as such; every
other plain value stays text (dates too, checked later), so that `number: 02403` is never an
octal number and `yes` is never a boolean.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.1 reads yes, no, on and off as booleans too, and YAML 1.2 True and FALSE: here they
# stay text, which the models then refuse where a boolean is expected, naming what was found.
BOOLS = frozenset(("true", "false"))
NULLS = frozenset(("~", "null", "Null", "NULL", ""))
INTEGER = re.compile(r"(?:0|-?[1-9][0-9]*)\Z")


class StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Resolves only plain text, integers without leading zeros, true/false and null."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node whose tag is not written out: for a scalar, null (NULLS), bool
        (BOOLS), int (INTEGER) if it is plain, and str otherwise, quoted or a block included;
        for a list or mapping, PyYAML's own (seq, map)."""
        # Called for every node; one set lookup is much cheaper than YAML's list of patterns.
        if kind is not yaml.ScalarNode:
            return str(super().resolve(kind, value, implicit))
        if not implicit[0]:
            return "tag:yaml.org,2002:str"
        if value in NULLS:
            return "tag:yaml.org,2002:null"
        if value in BOOLS:
            return "tag:yaml.org,2002:bool"
        if INTEGER.match(value):
            return "tag:yaml.org,2002:int"
        return "tag:yaml.org,2002:str"


StrictLoader.yaml_implicit_resolvers = {}

SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}

"""A small YAML emitter for the demo corpus: every string double-quoted, so that no value can be
misread as a number, date or true/false, and much faster than yaml.dump at 100,000 records."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import TypeAlias

Value: TypeAlias = "str | int | bool | date | list[Value] | dict[str, Value]"

# Characters that YAML cannot hold as they are, or reads as line breaks (NEL, LS, PS) or a BOM.
_AWKWARD = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
_NEEDS_ESCAPE = re.compile(f'[{_AWKWARD}\\t\\n"\\\\]')
_NOT_IN_BLOCK = re.compile(f"[{_AWKWARD}\\t]")
_RAW_AWKWARD = re.compile(f"[{_AWKWARD[_AWKWARD.index(chr(0x7f)):]}]")  # what JSON leaves bare


def _scalar(v: Value) -> str:
    if isinstance(v, str):
        if not _NEEDS_ESCAPE.search(v):
            return f'"{v}"'
        # JSON string syntax is YAML double-quoted syntax; JSON leaves some characters bare that
        # YAML must see escaped. (ensure_ascii would split astral characters into surrogates.)
        return _RAW_AWKWARD.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(v, ensure_ascii=False))
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | date):
        return v.isoformat() if isinstance(v, date) else str(v)
    raise TypeError(f"not a scalar: {v!r}")


def _block_ok(text: str) -> bool:
    """A literal block keeps the text exactly only in these cases; otherwise quote it."""
    return ("\n" in text[:-1] and text.endswith("\n") and not text.endswith("\n\n")
            and not text[0].isspace() and not _NOT_IN_BLOCK.search(text))


def _indent(text: str, pad: str) -> str:
    """Every line of text indented by pad; empty lines stay empty, without trailing spaces."""
    lines = pad + text.replace("\n", "\n" + pad)
    while f"\n{pad}\n" in lines:
        lines = lines.replace(f"\n{pad}\n", "\n\n")
    return lines


def _emit_list(items: list[Value], pad: str, out: list[str]) -> None:
    for item in items:
        assert isinstance(item, dict)
        sub: list[str] = []
        _emit(item, pad + "  ", sub)
        out.append(pad + "- " + sub[0][len(pad) + 2:])
        out.extend(sub[1:])


def _emit(obj: dict[str, Value], pad: str, out: list[str]) -> None:
    for key, v in obj.items():
        if isinstance(v, str):  # most values: tested first, as this runs for every field
            if not _NEEDS_ESCAPE.search(v):
                out.append(f'{pad}{key}: "{v}"')
            elif _block_ok(v):
                out.append(f"{pad}{key}: |\n{_indent(v[:-1], pad + '  ')}")
            else:
                out.append(f"{pad}{key}: {_scalar(v)}")
        elif isinstance(v, dict):
            out.append(f"{pad}{key}:")
            _emit(v, pad + "  ", out)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            out.append(f"{pad}{key}:")
            _emit_list(v, pad + "  ", out)
        elif isinstance(v, list):
            out.append(f"{pad}{key}: [{', '.join([_scalar(x) for x in v])}]")
        else:
            out.append(f"{pad}{key}: {_scalar(v)}")


def dump(obj: dict[str, Value] | list[Value], comment: str = "") -> bytes:
    """`obj` as a UTF-8 YAML document, after `# comment` if one is given: a mapping, or a list
    of mappings. Strings are double-quoted, or a literal block (`|`) where that keeps multi-line
    text exactly; dates are written as ISO dates. A value of another type raises TypeError."""
    out = [f"# {comment}"] if comment else []
    if isinstance(obj, dict):
        _emit(obj, "", out)
    else:
        _emit_list(obj, "", out)
    return ("\n".join(out) + "\n").encode("utf-8")

"""Wording for type errors: pydantic's findings, said the way a clerk can act on them."""

from __future__ import annotations

import difflib
import re
import types
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.records.characters import fold_number, near_miss, shown, visible
from generator.records.document import Document, Location
from generator.records.problems import Problem


def problems_from_validation_error(
    error: ValidationError, document: Document, root: Any
) -> list[Problem]:
    """One Problem for each of pydantic's findings in `document`, at the line of the field it
    is about, worded for a clerk ('required field is missing', 'expected a whole number,
    found …'). `root` is the type the data was validated as (Record, list[Unit] …): its fields
    give the field names and values that a wrong one may have meant."""
    problems = []
    for detail in error.errors(include_url=False):
        location: Location = tuple(detail["loc"])
        message = _message(detail, root, location)
        problems.append(document.problem(location, message))
    return problems


def _message(detail: ErrorDetails, root: Any, location: Location) -> str:
    kind = detail["type"]
    found = detail.get("input")
    ctx = detail.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return _unknown_field(root, location)
    if kind == "literal_error":
        hint = _near_miss(found, _choices(root, location))
        if hint:
            return f"unknown value {_describe(found)}: {hint}"
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"unknown value {_describe(found)} (expected one of {expected})"
    if kind == "string_pattern_mismatch":
        return (f"{_describe(found)} is not a valid identifier "
                "(expected lowercase letters, digits and single hyphens)")
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{_describe(found)} is out of range ({detail['msg'].lower()})"
    if kind == "too_short":
        return "must list at least one item"
    if kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]}, found {_describe(found)}"
        hint = _near_miss(found, _meant(kind, found))
        return f"{message}: {hint}" if hint else message
    return str(detail["msg"])


_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return shown(value if len(value) <= 40 else value[:40] + "…")
    return repr(value)


def _near_miss(found: Any, choices: tuple[str, ...]) -> str | None:
    return near_miss(found, choices) if isinstance(found, str) and choices else None


def _meant(kind: str, found: Any) -> tuple[str, ...]:
    """What a value of the wrong type may have been meant as: true or false, or a whole number
    written in full-width digits (２０２４) or with an invisible character in it."""
    if kind == "bool_type":
        return ("true", "false")
    if kind == "int_parsing" and isinstance(found, str):
        folded = fold_number(visible(found).strip())
        return (folded,) if _WHOLE_NUMBER.fullmatch(folded) else ()
    return ()


def _choices(root: Any, location: Location) -> tuple[str, ...]:
    """The values a Literal field at `location` admits, such as ('suggestion', 'proposal')."""
    model = _model_at(root, location[:-1])
    field = model.model_fields.get(str(location[-1])) if model else None
    annotation = _unwrap(field.annotation) if field else None
    if get_origin(annotation) is not Literal:
        return ()
    return tuple(str(choice) for choice in get_args(annotation))


def _unknown_field(root: Any, location: Location) -> str:
    model = _model_at(root, location[:-1])
    if model is None:
        return "unknown field"
    known = list(model.model_fields)
    guess = difflib.get_close_matches(str(location[-1]), known, n=1)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    return f"unknown field ({hint}expected one of {', '.join(known)})"


def _model_at(root: Any, location: Location) -> type[BaseModel] | None:
    """The model class that describes the mapping at `location`, if any."""
    current = root
    for part in location:
        current = _unwrap(current)
        if isinstance(part, int):
            args = get_args(current)
            current = args[0] if get_origin(current) is list and args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] down to the one type that is not None."""
    if get_origin(annotation) in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        return members[0] if len(members) == 1 else annotation
    return annotation

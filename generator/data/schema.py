"""The JSON Schema of a record as published (records.json), made from the gate's own types.

`PublicRecord` (generator.pages.publication) is what the publication gate lets through; its
schema is derived from that dataclass by pydantic, so a field the gate adds or drops changes the
schema with it, and a field the gate holds back has no place in it. Two things records.json
writes differently from the dataclass are declared here once and used by both the writer
(generator.data.files) and the schema: a unit as `PublishedUnit`, a correction as
`PublishedCorrection`, the record's `url`, and the fields it leaves out (`OMITTED`).
Every object is closed (no other property) and lists every property as required, since the
writer writes each one, null where the record gives no value.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from generator.pages.publication import PublicCorrection, PublicRecord, UnitRef

SCHEMA_PATH = "schema/published-record.schema.json"


@dataclass(frozen=True)
class PublishedUnit:
    """A handling unit as records.json names it: its slug and current name, and the former
    name the record used (None when it used the current one)."""

    slug: str
    name: str
    named_as: str | None

    @classmethod
    def of(cls, ref: UnitRef) -> PublishedUnit:
        """The unit a record names by `ref`, as published."""
        return cls(ref.unit.slug, ref.unit.name, ref.named_as)


@dataclass(frozen=True)
class PublishedCorrection:
    """A correction as records.json gives it: its date and reason. The texts it replaced are
    on the record's original/ page, not in the data files, which hold the current text."""

    date: dt.date
    reason: str

    @classmethod
    def of(cls, correction: PublicCorrection) -> PublishedCorrection:
        """The correction `correction` of the gate, as published in records.json."""
        return cls(correction.date, correction.reason)


# Fields of the gate's types that records.json leaves out, by type name: a withdrawn reply is
# not in the data files at all, so no reply there has a withdrawal notice.
OMITTED: dict[str, tuple[str, ...]] = {"PublicReply": ("withdrawn",)}


def published_record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one element of records.json."""
    schema = TypeAdapter(PublicRecord).json_schema(mode="serialization")
    definitions = schema.setdefault("$defs", {})
    definitions["UnitRef"] = TypeAdapter(PublishedUnit).json_schema()
    definitions["PublicCorrection"] = TypeAdapter(PublishedCorrection).json_schema()
    for name, fields in OMITTED.items():
        for field in fields:
            del definitions[name]["properties"][field]
    definitions.pop("PublicWithdrawal", None)  # only the omitted `withdrawn` refers to it
    schema["properties"]["url"] = {
        "type": "string", "title": "Url",
        "description": "The record's address from the site's root: '2024/rd-2024-0012/'."}
    for definition in (schema, *definitions.values()):
        _close(definition)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_PATH.split("/")[-1],
            **schema,
            "title": "replysite published record (an element of records.json)"}


def _close(definition: dict[str, Any]) -> None:
    """Every property required, no other allowed: records.json writes each field, always."""
    if "properties" in definition:
        definition["required"] = sorted(definition["properties"])
        definition["additionalProperties"] = False
        for value in definition["properties"].values():
            value.pop("default", None)


def schema_bytes() -> bytes:
    """The schema as the file the site serves: UTF-8, keys sorted, indented."""
    return (json.dumps(published_record_schema(), ensure_ascii=False, indent=2,
                       sort_keys=True) + "\n").encode()

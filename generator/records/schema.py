"""The record format as JSON Schema, made from the same models that validate the content."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from generator.records.models import Record, SiteConfig, Topic, Unit

SCHEMA_FILES = {
    "record.schema.json": Record,
    "site.schema.json": SiteConfig,
    "units.schema.json": list[Unit],
    "topics.schema.json": list[Topic],
}


def schema_documents() -> dict[str, bytes]:
    """Each file of the published schema, as the bytes to write."""
    return {name: _dump(_schema(model, name)) for name, model in SCHEMA_FILES.items()}


def _schema(model: Any, name: str) -> dict[str, Any]:
    schema = TypeAdapter(model).json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name,
            "title": f"replysite record format v1: {name.split('.')[0]}", **schema}


def _dump(schema: dict[str, Any]) -> bytes:
    return (json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()

"""records.json against the JSON Schema of the published record, with a reference validator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.data.schema import published_record_schema
from tests.conftest import FIXTURE, build, edit


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(FIXTURE, tmp_path_factory.mktemp("schema"))


def served_schema(site: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (site / "schema" / "published-record.schema.json").read_bytes())
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def validator(site: Path) -> jsonschema.Draft202012Validator:
    """A validator of the whole of a records.json: a list of published records."""
    return jsonschema.Draft202012Validator(
        {**served_schema(site), "type": "array", "items": {"$ref": "#/$defs/Record"},
         "$defs": {**served_schema(site)["$defs"], "Record": _record_part(site)}},
        format_checker=jsonschema.FormatChecker())


def _record_part(site: Path) -> dict[str, Any]:
    schema = served_schema(site)
    return {key: value for key, value in schema.items() if key not in ("$defs", "$schema", "$id")}


def records_json(site: Path) -> list[Path]:
    found = sorted(site.glob("*/data/records.json"))
    assert found
    return found


def messages(site: Path, records: object) -> list[str]:
    return sorted(error.message for error in validator(site).iter_errors(records))


def test_the_site_serves_the_schema_made_from_the_published_record(site: Path) -> None:
    schema = served_schema(site)
    assert schema == published_record_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert sorted(schema["properties"]) == [
        "assigned", "body", "co_units", "due", "extended", "feedback", "id", "key_item_leader",
        "kind", "lead_units", "number", "progress", "proposers", "replies", "session",
        "status", "submitted", "title", "topics", "url", "year"]
    # What the gate holds back has no place: a reply's status, a draft, the record's files.
    assert sorted(schema["$defs"]["PublicReply"]["properties"]) == [
        "adoption", "approved", "attachments", "corrections", "date", "disclosure",
        "doc_number", "index_number", "published", "result", "role", "summary", "text", "unit",
        "withheld_reason"]
    data = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../schema/published-record.schema.json">JSON Schema</a>' in data


@pytest.mark.parametrize("built", ["fixture", "sample"])
def test_every_years_records_json_is_valid_against_the_schema(
        built: str, site: Path, request: pytest.FixtureRequest) -> None:
    root = site if built == "fixture" else request.getfixturevalue("sample_site")
    for path in records_json(root):
        assert messages(root, json.loads(path.read_bytes())) == [], path


def test_pending_records_are_valid_too(content: Path, tmp_path: Path) -> None:
    edit(content / "site.yml", "list_pending: false", "list_pending: true")
    built = build(content, tmp_path)
    records = json.loads((built / "2024" / "data" / "records.json").read_bytes())
    assert [(r["id"], r["status"], r["replies"]) for r in records][1] == \
        ("rd-2024-0003", "已逾期", [])
    assert messages(built, records) == []


def test_a_field_the_gate_holds_back_or_a_missing_one_is_invalid(site: Path) -> None:
    records = json.loads((site / "2024" / "data" / "records.json").read_bytes())
    records[0]["replies"][0]["status"] = "draft"
    del records[1]["url"]
    records[1]["replies"][0]["unit"]["former_names"] = []
    records[1]["year"] = "2024"
    assert messages(site, records) == [
        "'2024' is not of type 'integer'",
        "'url' is a required property",
        "Additional properties are not allowed ('former_names' was unexpected)",
        "Additional properties are not allowed ('status' was unexpected)",
    ]


def test_corrected_and_withdrawn_replies_are_valid_and_give_no_more(content: Path,
                                                                    tmp_path: Path) -> None:
    record = content / "2024" / "rd-2024-0001.yml"
    attached = "      - {title: 加装电梯补助办法, file: attachments/2024/rd-2024-0001-1.pdf}\n"
    edit(record, attached, attached + "    corrections:\n"
         "      - {date: 2024-06-01, reason: 台数统计有误,\n"
         "         previous_text: 全市已完成加装电梯 41 台。}\n")
    edit(record, "  - unit: finance\n    role: co\n    status: approved\n",
         "  - unit: finance\n    role: co\n    status: approved\n"
         "    withdrawn: {date: 2024-09-01, reason: 答复需重新核实}\n")
    built = build(content, tmp_path)
    records = json.loads((built / "2024" / "data" / "records.json").read_bytes())
    assert messages(built, records) == []
    replies = next(r for r in records if r["id"] == "rd-2024-0001")["replies"]
    assert [(reply["unit"]["slug"], reply["corrections"]) for reply in replies] == [
        ("housing", [{"date": "2024-06-01", "reason": "台数统计有误"}])]
    # The replaced text and a withdrawal notice have no place in the schema either.
    replies[0]["corrections"][0]["previous"] = "全市已完成加装电梯 41 台。"
    replies[0]["withdrawn"] = None
    assert messages(built, records) == [
        "Additional properties are not allowed ('previous' was unexpected)",
        "Additional properties are not allowed ('withdrawn' was unexpected)"]

"""Typed models of the record format (version 1): what a file may contain, field by field.

These models check shape and types only; rules that relate fields or files to each other
(known slugs, unique ids, status and disclosure combinations) live in `validate`. README.md
("The record format") has a table of each model's fields. A model's docstring is its
description in the published JSON Schema (`schema`), so it is written for those who write
content.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError

from generator.records.characters import fold_number, near_miss, shown, visible

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _parse_iso_date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "iso_date", "not a date: {found} (expected YYYY-MM-DD)", {"found": repr(value)})
    date = _iso_date(value)
    if date is not None:
        return date
    # ２０２４-０５-０８, typed in a full-width input mode, or a date with an invisible character
    # pasted in: say so rather than only "not a date".
    meant = _iso_date(fold_number(visible(value).strip()))
    hint = near_miss(value, [meant.isoformat()]) if meant else None
    if hint:
        raise PydanticCustomError("iso_date", "not a date: {found}: {hint}",
                                  {"found": shown(value), "hint": hint})
    raise PydanticCustomError(
        "iso_date", "not a date: {found} (expected YYYY-MM-DD)", {"found": shown(value)})


def _iso_date(text: str) -> dt.date | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_parse_iso_date)]


def _without_null(schema: JsonDict) -> None:
    """The field's JSON Schema with its `{"type": "null"}` alternative dropped."""
    options = schema.pop("anyOf")
    assert isinstance(options, list)
    kept = [option for option in options if option != {"type": "null"}]
    assert len(kept) == 1 and isinstance(kept[0], dict)
    schema.update(kept[0])


NOT_NULL_IN_SCHEMA = Field(json_schema_extra=_without_null)


def _given(expected: str, left_out: str) -> BeforeValidator:
    """Refuses a field written with no value (`withdrawn:`, `published:`), which YAML reads as
    null: for these fields, reading it as left out would silently publish what the clerk
    meant to hold back or take down. `expected` names the value, `left_out` what leaving the
    field out means. Such a field takes NOT_NULL_IN_SCHEMA too, so that the published JSON
    Schema refuses null as the check does: None is only the default of a field left out."""
    def given(value: object) -> object:
        if value is None:
            raise PydanticCustomError(
                "empty", "expected {expected}, found nothing ({left_out})",
                {"expected": expected, "left_out": left_out})
        return value
    return BeforeValidator(given)
Text = Annotated[str, AfterValidator(_not_blank)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
# Only true and false: pydantic would also take yes, no, on, off, 1 and 0, and a `no` that
# silently meant false would change the published counts of who was met and who was satisfied.
Flag = StrictBool
KIND_LABELS = {"suggestion": "建议", "proposal": "提案"}
SATISFACTION = ("满意", "基本满意", "不满意")


class _Model(BaseModel):
    # Unknown keys are errors so that a misspelt field is never silently dropped; numbers given
    # where text is expected (number: 2017546) are kept as the text they were written as.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


# --- site.yml ---------------------------------------------------------------------------------


class ResultClass(_Model):
    """An entry of site.yml's classification: a result class's code (A) and label."""

    code: Text
    label: Text


class Deadline(_Model):
    """site.yml's deadline: months after assignment a reply is due, and when extended (1 to 24)."""

    months: Annotated[int, Field(ge=1, le=24)] = 3
    extended_months: Annotated[int, Field(ge=1, le=24)] = 6


class RedactionRule(_Model):
    """An entry of site.yml's redaction: a pattern or text to allow or replace, and the reason."""

    pattern: Text | None = None
    text: Text | None = None
    allow: Flag = False
    replace: str | None = None
    reason: Text


class SiteConfig(_Model):
    """site.yml: the site's name and jurisdiction, result classes, deadline and redaction rules."""

    name: Text
    jurisdiction: Text
    classification: Annotated[list[ResultClass], Field(min_length=1)]
    deadline: Deadline = Deadline()
    list_pending: Flag = False
    show_withheld_reason: Flag = True
    redaction: list[RedactionRule] = []
    # Added to format version 1: the public address, for the sitemap and canonical links.
    url: str | None = None
    # Added to format version 1: a paragraph for the home page about the site.
    description: str | None = None
    # Added to format version 1: the terms of use of the data files, on the /data/ page.
    data_terms: str | None = None
    # Added to format version 1: years whose edition is archived (content/archives/<year>.tar.gz,
    # by `replysite archive`) and frozen: served as archived, their records refused any change.
    closed_years: list[Annotated[int, Field(ge=1949, le=2999)]] = []


# --- units.yml, topics.yml --------------------------------------------------------------------


class Unit(_Model):
    """An entry of units.yml: a handling unit (承办单位), with its names before a reform."""

    slug: Slug
    name: Text
    former_names: list[Text] = []


class Topic(_Model):
    """An entry of topics.yml: a topic of the vocabulary (主题分类)."""

    slug: Slug
    name: Text
    description: str = ""


# --- a record ---------------------------------------------------------------------------------


class Proposer(_Model):
    """An entry of a record's proposers: a deputy's or member's name and role (代表, 委员)."""

    name: Text
    role: Text | None = None


class UnitRefs(_Model):
    """A record's units: lead (主办) and co-handling (会办) units, by slug, name or former name."""

    lead: Annotated[list[Text], Field(min_length=1)]
    co: list[Text] = []


class KeyItem(_Model):
    """A record's key_item: the leader who supervises it as a key item (重点督办)."""

    leader: Text


class Attachment(_Model):
    """An entry of a reply's attachments: a title, and a file under attachments/."""

    title: Text
    file: Text


class Withdrawal(_Model):
    """A reply's withdrawn: the date it was taken down (撤回) and why. Its address stays with
    this notice; its text, attachments and numbers leave the site."""

    date: IsoDate
    reason: Text


class Correction(_Model):
    """An entry of a reply's corrections (更正), oldest first: its date, its reason (both shown
    in the page's 更正说明) and the text it replaced, kept so that every earlier version stays
    published: previous_text for a reply published in full, previous_summary for a summary."""

    date: IsoDate
    reason: Text
    previous_text: Text | None = None
    previous_summary: Text | None = None


class Reply(_Model):
    """An entry of a record's replies: a unit's reply, its status, dates, result and disclosure."""

    unit: Text
    role: Literal["lead", "co", "separate"]
    status: Literal["draft", "approved"]
    approved: IsoDate | None = None
    doc_number: Text | None = None
    index_number: Text | None = None
    date: IsoDate | None = None
    published: Annotated[IsoDate | None, NOT_NULL_IN_SCHEMA, _given(
        "a date", "leave the field out to publish the reply on its approval date")] = None
    result: Text | None = None
    adoption: Text | None = None
    disclosure: Literal["full", "summary", "withheld"] = "full"
    withheld_reason: Text | None = None
    summary: Text | None = None
    text: Text | None = None
    attachments: list[Attachment] = []
    # Added to format version 1: the corrections made to the published reply, oldest first;
    # `text` or `summary` is the text now.
    corrections: list[Correction] = []
    # Added to format version 1: the reply was taken down (撤回).
    withdrawn: Annotated[Withdrawal | None, NOT_NULL_IN_SCHEMA, _given(
        "a date and a reason", "leave the field out unless the reply is withdrawn")] = None


class Feedback(_Model):
    """A record's feedback: whether the proposer was contacted and met, and how satisfied."""

    contacted: Flag | None = None
    met: Flag | None = None
    satisfaction: Literal["满意", "基本满意", "不满意"] | None = None


class ProgressEntry(_Model):
    """An entry of a record's progress (最新进展): a dated text, and the class it changed to."""

    date: IsoDate
    text: Text
    result: Text | None = None


class Record(_Model):
    """A record file, content/<year>/<id>.yml: one suggestion (建议) or proposal (提案)."""

    id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    kind: Literal["suggestion", "proposal"]
    year: Annotated[int, Field(ge=1949, le=2999)]
    session: Text
    number: Text
    title: Text
    proposers: Annotated[list[Proposer], Field(min_length=1)]
    submitted: IsoDate | None = None
    assigned: IsoDate | None = None
    due: IsoDate | None = None
    # Added to format version 1: the deadline was extended, so the reply is due
    # `deadline.extended_months` after assignment instead of `deadline.months`.
    extended: Flag = False
    topics: Annotated[list[Text], Field(min_length=1)]
    units: UnitRefs
    key_item: KeyItem | None = None
    body: Text | None = None
    replies: list[Reply] = []
    feedback: Feedback | None = None
    progress: list[ProgressEntry] = []

"""Stage 2: turn parsed files into a checked corpus, or report every problem at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.load import Document, LoadedContent
from generator.models import Record, SiteConfig, Topic, Unit
from generator.problems import ContentError, Problem
from generator.pydantic_problems import problems_from_validation_error
from generator.rules import record_problems, site_problems, topic_problems, unit_problems


@dataclass(frozen=True)
class Corpus:
    """Validated content: the site settings, the vocabularies and the records, in order."""

    root: Path
    site: SiteConfig
    units: dict[str, Unit]
    topics: dict[str, Topic]
    records: tuple[Record, ...]
    # Every name a record may use for a unit (slug, current name, former names) -> slug.
    unit_aliases: dict[str, str]

    def unit_for(self, reference: str) -> Unit:
        return self.units[self.unit_aliases[reference]]

    def years(self) -> list[int]:
        return sorted({record.year for record in self.records})


def validate(loaded: LoadedContent) -> Corpus:
    """Check everything; raise ContentError listing every problem if anything is wrong."""
    problems = list(loaded.problems)
    site, units, topics = _vocabulary(loaded, problems)
    aliases = _unit_aliases(units or [])
    topic_slugs = {topic.slug for topic in topics or []}
    records = list(_records(loaded, problems))
    # Checking records against a broken vocabulary would bury its one mistake under hundreds.
    if site is not None and units is not None and topics is not None:
        for record, document in records:
            problems += record_problems(record, document, site, aliases, topic_slugs)
    problems += _duplicate_ids(records)
    if problems or site is None or units is None or topics is None:
        raise ContentError(problems)
    return Corpus(
        root=loaded.root,
        site=site,
        units={unit.slug: unit for unit in units},
        topics={topic.slug: topic for topic in topics},
        records=tuple(record for record, _ in sorted(records, key=_record_order)),
        unit_aliases=aliases,
    )


def _vocabulary(
    loaded: LoadedContent, problems: list[Problem]
) -> tuple[SiteConfig | None, list[Unit] | None, list[Topic] | None]:
    """site.yml, units.yml and topics.yml; each None if it has any problem."""
    site = _parse(loaded.site, SiteConfig, problems)
    units = _parse(loaded.units, list[Unit], problems)
    topics = _parse(loaded.topics, list[Topic], problems)
    found = [
        site_problems(site, loaded.site) if site and loaded.site else [],
        unit_problems(units, loaded.units) if units is not None and loaded.units else [],
        topic_problems(topics, loaded.topics) if topics is not None and loaded.topics else [],
    ]
    for more in found:
        problems += more
    return (site if not found[0] else None, units if not found[1] else None,
            topics if not found[2] else None)


def _parse(document: Document | None, kind: Any, problems: list[Problem]) -> Any:
    if document is None:
        return None
    try:
        return TypeAdapter(kind).validate_python(document.data)
    except ValidationError as error:
        problems += problems_from_validation_error(error, document, kind)
        return None


def _records(
    loaded: LoadedContent, problems: list[Problem]
) -> Iterator[tuple[Record, Document]]:
    for document in loaded.records:
        record = _parse(document, Record, problems)
        if isinstance(record, Record):
            yield record, document


def _unit_aliases(units: list[Unit]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for unit in units:
        for name in (unit.slug, unit.name, *unit.former_names):
            aliases.setdefault(name, unit.slug)
    return aliases


def _duplicate_ids(records: list[tuple[Record, Document]]) -> list[Problem]:
    first_seen: dict[str, Document] = {}
    problems = []
    for record, document in records:
        if record.id in first_seen:
            other = first_seen[record.id].shown
            line = document.line_of(("id",))
            problems.append(Problem(document.shown, line, "id",
                                    f"duplicate id '{record.id}' (also in {other})"))
        else:
            first_seen[record.id] = document
    return problems


def _record_order(item: tuple[Record, Document]) -> tuple[int, str]:
    return (item[0].year, item[0].id)

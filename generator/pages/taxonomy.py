"""Stage 3: classify published records by year, handling unit, topic and kind.

One abstraction serves every grouping: a taxonomy names its terms, says which terms a record
belongs to, and where the overview and each term's page live.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from generator.pages.facts import YearFacts
from generator.pages.publication import PublicRecord
from generator.records.models import KIND_LABELS
from generator.records.validate import Corpus


@dataclass(frozen=True)
class Term:
    """One value of a taxonomy (a year, a unit, a topic) and the records that carry it."""

    slug: str
    name: str
    records: tuple[PublicRecord, ...]
    description: str = ""
    former_names: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        """The number of its records."""
        return len(self.records)


@dataclass(frozen=True)
class Tally:
    """A term as the portal shows it across years: counted from each year's facts, not listed.

    For a unit, each year counts the records it led, co-handled, and either; for a topic only
    the last is used.
    """

    slug: str
    name: str
    by_year: dict[int, tuple[int, int, int]]
    description: str = ""
    former_names: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        """Records of every year that carry the term: for a unit, those it led or co-handled."""
        return sum(either for _, _, either in self.by_year.values())

    @property
    def led(self) -> int:
        """Records of every year the unit led; 0 for a topic."""
        return sum(led for led, _, _ in self.by_year.values())

    @property
    def co(self) -> int:
        """Records of every year the unit co-handled (会办); 0 for a topic."""
        return sum(co for _, co, _ in self.by_year.values())


@dataclass(frozen=True)
class YearTally:
    """A year as the portal shows it: how many records it published, and of which kind."""

    slug: str
    name: str
    count: int
    kinds: dict[str, int]


def unit_tallies(corpus: Corpus, facts: Sequence[YearFacts]) -> list[Tally]:
    """A Tally of each unit, in units.yml's order, with its former names: by year, (led,
    co-handled, either) from the years' facts; a year in which it handled no published record
    is left out."""
    return [Tally(unit.slug, unit.name, {f.year: f.units[unit.slug] for f in facts
                                         if unit.slug in f.units},
                  former_names=tuple(unit.former_names))
            for unit in corpus.units.values()]


def topic_tallies(corpus: Corpus, facts: Sequence[YearFacts]) -> list[Tally]:
    """A Tally of each topic, in topics.yml's order, with its description: by year, (0, 0,
    records), leaving out the years with no published record of the topic."""
    return [Tally(topic.slug, topic.name, {f.year: (0, 0, f.topics[topic.slug]) for f in facts
                                           if topic.slug in f.topics}, topic.description)
            for topic in corpus.topics.values()]


def year_tallies(facts: Sequence[YearFacts]) -> list[YearTally]:
    """The years with a published record, newest first."""
    return [YearTally(str(f.year), f"{f.year}年", f.published, f.kinds)
            for f in sorted(facts, key=lambda f: -f.year) if f.published]


@dataclass(frozen=True)
class Taxonomy:
    """A way of grouping records, with an overview page and a page per term."""

    name: str  # used in template names: year.md.j2, years.md.j2
    label: str  # shown to readers
    prefix: str  # URL folder of the term pages
    overview_url: str
    vocabulary: tuple[Term, ...] = field(default=())

    def classify(self, record: PublicRecord) -> Iterable[str]:
        """The slugs of the terms `record` belongs to (a repeat counts once); each subclass
        says which. Raises NotImplementedError here."""
        raise NotImplementedError

    def term_url(self, slug: str) -> str:
        """The address of a term's page, relative to the site root: `prefix`, slug, '/'."""
        return f"{self.prefix}{slug}/"

    def terms(self, records: Iterable[PublicRecord]) -> list[Term]:
        """Every term of the vocabulary, in its order, holding its records in record order."""
        members: dict[str, list[PublicRecord]] = {term.slug: [] for term in self.vocabulary}
        for record in records:
            for slug in dict.fromkeys(self.classify(record)):
                members.setdefault(slug, []).append(record)
        by_slug = {term.slug: term for term in self.vocabulary}
        return [
            Term(slug, by_slug[slug].name if slug in by_slug else slug, tuple(found),
                 by_slug[slug].description if slug in by_slug else "",
                 by_slug[slug].former_names if slug in by_slug else ())
            for slug, found in members.items()
        ]


class YearTaxonomy(Taxonomy):
    """Records by year: an overview at /years/ and a page per year at /2024/."""

    def classify(self, record: PublicRecord) -> Iterable[str]:
        """The record's year, as its slug: '2024'."""
        return (str(record.year),)


class UnitTaxonomy(Taxonomy):
    """Records by handling unit, whether it led or co-handled them: /units/ and /units/<slug>/."""

    def classify(self, record: PublicRecord) -> Iterable[str]:
        """The slugs of the units that led the record, then of those that co-handled it."""
        return (ref.unit.slug for ref in (*record.lead_units, *record.co_units))


class TopicTaxonomy(Taxonomy):
    """Records by topic: /topics/ and /topics/<slug>/."""

    def classify(self, record: PublicRecord) -> Iterable[str]:
        """The slugs of the record's topics, in the record's order."""
        return (topic.slug for topic in record.topics)


class KindTaxonomy(Taxonomy):
    """One year's records by kind, 建议 or 提案: /2024/suggestions/ and /2024/proposals/."""

    def classify(self, record: PublicRecord) -> Iterable[str]:
        """The record's kind: 'suggestion' or 'proposal'."""
        return (record.kind,)

    def term_url(self, slug: str) -> str:
        """The kind's page, named by KIND_SLUGS ('suggestion' -> '2024/suggestions/'); another
        slug raises KeyError."""
        return f"{self.prefix}{KIND_SLUGS[slug]}/"


def year_taxonomy(years: Iterable[int]) -> YearTaxonomy:
    """The years given, newest first, as terms named 2024年, not yet holding records."""
    vocabulary = tuple(Term(str(y), f"{y}年", ()) for y in sorted(years, reverse=True))
    return YearTaxonomy("year", "年度", "", "years/", vocabulary)


def unit_taxonomy(corpus: Corpus) -> UnitTaxonomy:
    """The corpus's units as terms, in units.yml's order, with their former names."""
    vocabulary = tuple(Term(u.slug, u.name, (), former_names=tuple(u.former_names))
                       for u in corpus.units.values())
    return UnitTaxonomy("unit", "承办单位", "units/", "units/", vocabulary)


def topic_taxonomy(corpus: Corpus) -> TopicTaxonomy:
    """The corpus's topics as terms, in topics.yml's order, with their descriptions."""
    vocabulary = tuple(Term(t.slug, t.name, (), t.description) for t in corpus.topics.values())
    return TopicTaxonomy("topic", "主题分类", "topics/", "topics/", vocabulary)


KIND_SLUGS = {"suggestion": "suggestions", "proposal": "proposals"}


def kind_taxonomy(year: int) -> KindTaxonomy:
    """The kinds within one year: /2024/suggestions/ and /2024/proposals/."""
    vocabulary = tuple(Term(kind, KIND_LABELS[kind], ()) for kind in KIND_SLUGS)
    return KindTaxonomy("kind", "类别", f"{year}/", f"{year}/", vocabulary)

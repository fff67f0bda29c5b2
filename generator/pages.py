"""Stage 3b: plan every page of the site from the published records and their taxonomies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.outputs import PORTAL, OutputRegistry, Page, index_folder, part_key
from generator.publication import PublicRecord
from generator.taxonomy import (
    Taxonomy,
    Term,
    kind_taxonomy,
    topic_taxonomy,
    unit_taxonomy,
    year_taxonomy,
)
from generator.validate import Corpus

LATEST_ON_HOME = 10
# Record pages per part of a year. A part is built and indexed on its own, so publishing one
# reply rebuilds about this many pages, however large its year; measured on 2 cores, MkDocs
# and Pagefind take about 17 ms a page.
RECORDS_PER_PART = 1000


@dataclass(frozen=True)
class SitePlan:
    """Every page, by address, and the facts the navigation needs."""

    registry: OutputRegistry
    years: tuple[int, ...]  # newest first
    part_of: dict[str, str]  # record id -> the part that builds its page


@dataclass(frozen=True)
class SearchIndex:
    """One part's Pagefind index, as the search pages list it."""

    part: str  # "2024.1"
    year: str
    path: str  # from the site's root: "2024/pagefind/1/"


def plan_site(corpus: Corpus, records: Sequence[PublicRecord],
              part_size: int = RECORDS_PER_PART) -> SitePlan:
    registry = OutputRegistry()
    years = year_taxonomy(corpus.years())
    units, topics = unit_taxonomy(corpus), topic_taxonomy(corpus)
    year_terms = [term for term in years.terms(records) if term.records]
    terms: dict[str, list[Term]] = {"years": year_terms, "units": units.terms(records),
                                    "topics": topics.terms(records)}
    part_of = partition(corpus, part_size)
    # Each year's units and topics with the year's records: listed on the year's page.
    of_year = {term.slug: {taxonomy.name: [t for t in taxonomy.terms(term.records) if t.records]
                           for taxonomy in (units, topics)} for term in year_terms}
    shared = {"corpus": corpus, "site": corpus.site, **terms, "terms_of_year": of_year,
              "search_indexes": _search_indexes(records, part_of, year_terms)}
    _plan_home(registry, records, shared)
    for taxonomy in (years, units, topics):
        _plan_taxonomy(registry, taxonomy, terms[f"{taxonomy.name}s"], shared)
    for term in year_terms:
        _plan_kinds(registry, int(term.slug), term.records, shared)
        for taxonomy in (units, topics):
            _plan_terms_of_year(registry, int(term.slug), taxonomy,
                                of_year[term.slug][taxonomy.name], shared)
    for record in records:
        part = part_of[record.id]
        registry.claim(Page(record.url, part, (f"record-{record.id}.md.j2", "record.md.j2"),
                            record.title, {**shared, "record": record, "part": part,
                                           "index_folder": index_folder(part)},
                            f"record {record.id}"))
    return SitePlan(registry, tuple(int(term.slug) for term in year_terms), part_of)


def partition(corpus: Corpus, part_size: int) -> dict[str, str]:
    """Each record's part: its year's records, published or not, in id order, cut every
    `part_size`. Approving a reply or adding a record with the next number changes one part."""
    part_of: dict[str, str] = {}
    position: Counter[int] = Counter()
    for record in corpus.records:  # sorted by year, then id
        part_of[record.id] = part_key(record.year, position[record.year] // part_size + 1)
        position[record.year] += 1
    return part_of


def _search_indexes(records: Sequence[PublicRecord], part_of: dict[str, str],
                    year_terms: list[Term]) -> list[SearchIndex]:
    """Every part with a published record, newest year first, then in order within a year."""
    parts = {part_of[record.id] for record in records}
    newest_first = [term.slug for term in year_terms]
    ordered = sorted(parts, key=lambda part: (newest_first.index(part.split(".")[0]),
                                              int(part.split(".")[1])))
    return [SearchIndex(part, part.split(".")[0], f"{part.split('.')[0]}/{index_folder(part)}")
            for part in ordered]


def _plan_home(registry: OutputRegistry, records: Sequence[PublicRecord],
               shared: dict[str, object]) -> None:
    replied = [record for record in records if record.published is not None]
    latest = sorted(replied, key=lambda r: (r.published, r.id), reverse=True)[:LATEST_ON_HOME]
    registry.claim(Page("", PORTAL, ("home.md.j2",), "首页",
                        {**shared, "latest": latest, "total": len(records),
                         "kind_counts": Counter(record.kind for record in records)},
                        "the home page"))
    registry.claim(Page("about/", PORTAL, ("about.md.j2",), "关于本站", shared, "the about page"))
    registry.claim(Page("search/", PORTAL, ("search.md.j2",), "搜索", shared, "the search page"))


def _plan_taxonomy(registry: OutputRegistry, taxonomy: Taxonomy, terms: list[Term],
                   shared: dict[str, object]) -> None:
    registry.claim(Page(taxonomy.overview_url, PORTAL, (f"{taxonomy.name}s.md.j2",),
                        taxonomy.label, {**shared, "taxonomy": taxonomy, "terms": terms},
                        f"the {taxonomy.name} overview"))
    for term in terms:
        url = taxonomy.term_url(term.slug)
        edition = term.slug if taxonomy.name == "year" else PORTAL
        templates = (f"{taxonomy.name}-{term.slug}.md.j2", f"{taxonomy.name}.md.j2")
        context = {**shared, "taxonomy": taxonomy, "term": term}
        registry.claim(Page(url, edition, templates, term.name, context,
                            f"the {taxonomy.name} '{term.slug}'"))


def _plan_terms_of_year(registry: OutputRegistry, year: int, taxonomy: Taxonomy,
                        terms: list[Term], shared: dict[str, object]) -> None:
    """A unit's or topic's records of one year, in that year's edition (/2024/units/housing/).

    The portal's unit and topic pages count by year and link here: listing every record of
    every year there made the portal, rebuilt on every build, grow with the whole archive.
    """
    for term in terms:
        registry.claim(Page(f"{year}/{taxonomy.term_url(term.slug)}", str(year),
                                (f"{taxonomy.name}-of-year.md.j2",), f"{year}年{term.name}",
                                {**shared, "taxonomy": taxonomy, "term": term, "year": year},
                                f"the {taxonomy.name} '{term.slug}' in {year}"))


def _plan_kinds(registry: OutputRegistry, year: int, records: Sequence[PublicRecord],
                shared: dict[str, object]) -> None:
    kinds = kind_taxonomy(year)
    for term in kinds.terms(records):
        registry.claim(Page(kinds.term_url(term.slug), str(year), ("kind.md.j2",),
                            f"{year}年{term.name}", {**shared, "taxonomy": kinds, "term": term,
                                                     "year": year},
                            f"the {term.slug} page of {year}"))

"""Stage 3b: plan every page of the site from the published records and their taxonomies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.outputs import PORTAL, OutputRegistry, Page
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


@dataclass(frozen=True)
class SitePlan:
    """Every page, by address, and the facts the navigation needs."""

    registry: OutputRegistry
    years: tuple[int, ...]  # newest first


def plan_site(corpus: Corpus, records: Sequence[PublicRecord]) -> SitePlan:
    registry = OutputRegistry()
    years = year_taxonomy(corpus.years())
    units, topics = unit_taxonomy(corpus), topic_taxonomy(corpus)
    year_terms = [term for term in years.terms(records) if term.records]
    terms: dict[str, list[Term]] = {"years": year_terms, "units": units.terms(records),
                                    "topics": topics.terms(records)}
    shared = {"corpus": corpus, "site": corpus.site, **terms}
    _plan_home(registry, records, shared)
    for taxonomy in (years, units, topics):
        _plan_taxonomy(registry, taxonomy, terms[f"{taxonomy.name}s"], shared)
    for term in year_terms:
        _plan_kinds(registry, int(term.slug), term.records, shared)
    for record in records:
        registry.claim(Page(record.url, str(record.year), (f"record-{record.id}.md.j2",
                            "record.md.j2"), record.title, {**shared, "record": record},
                            f"record {record.id}"))
    return SitePlan(registry, tuple(int(term.slug) for term in year_terms))


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


def _plan_kinds(registry: OutputRegistry, year: int, records: Sequence[PublicRecord],
                shared: dict[str, object]) -> None:
    kinds = kind_taxonomy(year)
    for term in kinds.terms(records):
        registry.claim(Page(kinds.term_url(term.slug), str(year), ("kind.md.j2",),
                            f"{year}年{term.name}", {**shared, "taxonomy": kinds, "term": term,
                                                     "year": year},
                            f"the {term.slug} page of {year}"))

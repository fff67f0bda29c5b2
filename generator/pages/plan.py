"""Stage 3b: plan every page of the site from the published records and their taxonomies."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.pages.facts import LATEST, YearFacts
from generator.pages.outputs import (
    HUB_FOLDER,
    PORTAL,
    OutputRegistry,
    Page,
    index_folder,
    part_key,
)
from generator.pages.publication import PublicRecord
from generator.pages.search_keys import IDENTIFIER_FOLDER, shard_count
from generator.pages.statistics_pages import (
    plan_portal_statistics,
    plan_year_statistics,
    statistics_context,
    term_rows,
)
from generator.pages.taxonomy import (
    Tally,
    Taxonomy,
    Term,
    YearTally,
    kind_taxonomy,
    topic_tallies,
    topic_taxonomy,
    unit_tallies,
    unit_taxonomy,
    year_tallies,
    year_taxonomy,
)
from generator.pages.versions import BuildVersions
from generator.records.validate import Corpus

# Record pages per part of a year. A part is built and indexed on its own, so publishing one
# reply rebuilds about this many pages, however large its year. Each part is also a Pagefind
# index, and a search pays for each index of the years it reaches (its metadata, a chunk per
# word, a filter file): larger parts make searches lighter, but Pagefind's memory grows with a
# part's pages (4.1 GB for 5,137 record pages, 6.7 GB for 9,398), and two parts are indexed at
# once. At 100,000 records (README, Benchmarks and Search): parts of 5,000 peaked at 11.2 GB,
# parts of 2,500 at 7.6 GB, 3.9 % slower cold than parts of 1,000, with four indexes a year.
RECORDS_PER_PART = 2500


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
    # The newest date the year's records show (YearFacts.newest, ISO), "" if none: no record
    # of the year sorts after it, so the search page sorting by date searches the year only
    # once the dates before it have been shown.
    newest: str


def plan_site(corpus: Corpus, records: Sequence[PublicRecord], facts: Sequence[YearFacts],
              part_of: dict[str, str], versions: BuildVersions, today: dt.date) -> SitePlan:
    """The portal's pages, from every year's facts, and the pages of the years whose records
    were loaded (`records`, published, in the parts `part_of` gives, see `partition`); the
    other years keep the editions they have. `today` is the build date, that pending records
    are overdue by."""
    registry = OutputRegistry()
    years = year_taxonomy(f.year for f in facts)
    units, topics = unit_taxonomy(corpus), topic_taxonomy(corpus)
    search_indexes = _search_indexes(facts)
    year_counts = year_tallies(facts)
    tallies = {units: unit_tallies(corpus, facts), topics: topic_tallies(corpus, facts)}
    statistics = {f.year: f.statistics for f in facts}
    portal = {"corpus": corpus, "site": corpus.site, "search_indexes": search_indexes,
              "search_hub": HUB_FOLDER, "identifier_shards": identifier_shards(facts),
              "identifier_folder": IDENTIFIER_FOLDER,
              "years": year_counts, "units": tallies[units], "topics": tallies[topics],
              "versions": versions, "statistics": statistics, **statistics_context(corpus)}
    _plan_home(registry, facts, portal)
    plan_portal_statistics(registry, facts, portal)
    _plan_overview(registry, years, year_counts, portal)
    for taxonomy, terms in tallies.items():
        _plan_overview(registry, taxonomy, terms, portal)
        for tally in terms:
            _plan_term(registry, taxonomy, tally, PORTAL,
                       {**portal, "term_rows": term_rows(taxonomy.name, tally.slug, facts)})
    for term in years.terms(records):
        if term.records:
            shared = {"corpus": corpus, "site": corpus.site, "search_indexes": search_indexes,
                      **statistics_context(corpus)}
            _plan_year(registry, term, (years, units, topics), part_of, shared)
            plan_year_statistics(registry, int(term.slug), statistics[int(term.slug)],
                                 term.records, today, corpus, shared)
    return SitePlan(registry, tuple(int(tally.slug) for tally in year_counts), part_of)


def _plan_year(registry: OutputRegistry, term: Term, taxonomies: tuple[Taxonomy, ...],
               part_of: dict[str, str], shared: dict[str, object]) -> None:
    """A year's edition (its page, its kinds, its units and topics) and its parts' records."""
    years, units, topics = taxonomies
    year = int(term.slug)
    # The year's units and topics with their records of the year: the year's page lists them.
    of_year = {taxonomy.name: [t for t in taxonomy.terms(term.records) if t.records]
               for taxonomy in (units, topics)}
    _plan_term(registry, years, term, term.slug,
               {**shared, "year_units": of_year["unit"], "year_topics": of_year["topic"]})
    _plan_kinds(registry, year, term.records, shared)
    for taxonomy in (units, topics):
        _plan_terms_of_year(registry, year, taxonomy, of_year[taxonomy.name], shared)
    for record in term.records:
        part = part_of[record.id]
        registry.claim(Page(record.url, part, (f"record-{record.id}.md.j2", "record.md.j2"),
                            record.title, {**shared, "record": record, "part": part,
                                           "index_folder": index_folder(part)},
                            f"record {record.id}"))
        if any(reply.versions and not reply.withdrawn for reply in record.replies):
            # The texts corrections replaced, at an address of their own beside the record.
            registry.claim(Page(f"{record.url}original/", part, ("record-original.md.j2",),
                                f"{record.title}（更正前的文本）",
                                {**shared, "record": record, "part": part},
                                f"the earlier texts of record {record.id}"))


def partition(corpus: Corpus, part_size: int) -> dict[str, str]:
    """Each record's part: its year's records, published or not, in id order, cut every
    `part_size`. Approving a reply or adding a record with the next number changes one part."""
    part_of: dict[str, str] = {}
    position: Counter[int] = Counter()
    for record in corpus.records:  # sorted by year, then id
        part_of[record.id] = part_key(record.year, position[record.year] // part_size + 1)
        position[record.year] += 1
    return part_of


def identifier_shards(facts: Sequence[YearFacts]) -> int:
    """How many files the identifier map of `facts` takes (search_keys.shard_count)."""
    return shard_count(len({key for f in facts for key in f.identifiers}))


def _search_indexes(facts: Sequence[YearFacts]) -> list[SearchIndex]:
    """Every part with a published record, newest year first, then in order within a year."""
    return [SearchIndex(part, str(f.year), f"{f.year}/{index_folder(part)}",
                        f.newest.isoformat() if f.newest else "")
            for f in sorted(facts, key=lambda f: -f.year) for part in f.parts]


def _plan_home(registry: OutputRegistry, facts: Sequence[YearFacts],
               shared: dict[str, object]) -> None:
    latest = sorted((record for f in facts for record in f.latest),
                    key=lambda r: (r.published, r.id), reverse=True)[:LATEST]
    registry.claim(Page("", PORTAL, ("home.md.j2",), "首页",
                        {**shared, "latest": latest, "total": sum(f.published for f in facts),
                         "kind_counts": sum((Counter(f.kinds) for f in facts), Counter()),
                         "pending_kinds": sum((Counter(f.pending_kinds) for f in facts),
                                              Counter()),
                         "pending": sum((Counter(f.pending) for f in facts), Counter())},
                        "the home page"))
    # The data files of each year with any, newest first; each year's edition writes its own.
    registry.claim(Page("data/", PORTAL, ("data.md.j2",), "数据下载",
                        {**shared, "data_years": [f for f in sorted(facts, key=lambda f: -f.year)
                                                  if f.data_files]},
                        "the data page"))
    registry.claim(Page("about/", PORTAL, ("about.md.j2",), "关于本站", shared, "the about page"))
    registry.claim(Page("search/", PORTAL, ("search.md.j2",), "搜索", shared, "the search page"))


def _plan_overview(registry: OutputRegistry, taxonomy: Taxonomy,
                   terms: Sequence[Tally | YearTally], shared: dict[str, object]) -> None:
    registry.claim(Page(taxonomy.overview_url, PORTAL, (f"{taxonomy.name}s.md.j2",),
                        taxonomy.label, {**shared, "taxonomy": taxonomy, "terms": terms},
                        f"the {taxonomy.name} overview"))


def _plan_term(registry: OutputRegistry, taxonomy: Taxonomy, term: Term | Tally, edition: str,
               shared: dict[str, object]) -> None:
    """A term's own page: a year's in its edition, a unit's or topic's in the portal."""
    templates = (f"{taxonomy.name}-{term.slug}.md.j2", f"{taxonomy.name}.md.j2")
    registry.claim(Page(taxonomy.term_url(term.slug), edition, templates, term.name,
                        {**shared, "taxonomy": taxonomy, "term": term},
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

"""Plan the statistics pages: the portal's across years, each year's, and each year's pending.

The portal's page is made from every year's kept `YearStatistics` only; a year's pages from its
own statistics and, for the pending list, its published records and the build date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from generator.pages.charts import Bar, Segment, bar_chart
from generator.pages.facts import YearFacts
from generator.pages.outputs import PORTAL, OutputRegistry, Page
from generator.pages.publication import PublicRecord
from generator.pages.statistics import (
    Counts,
    Measure,
    Row,
    YearStatistics,
    measures,
    pending,
    rate_measures,
    share_measures,
    total,
)
from generator.pages.taxonomy import KIND_SLUGS
from generator.records.models import KIND_LABELS, Topic, Unit
from generator.records.validate import Corpus


def statistics_context(corpus: Corpus) -> dict[str, object]:
    """What every statistics table needs: the measures, in order, and the columns of the
    table of rates and of the table of classes."""
    chosen = measures(corpus.site.classification)
    return {"measures": chosen, "rate_measures": rate_measures(chosen),
            "share_columns": [*share_measures(chosen, "reply"), *share_measures(chosen, "now")]}


def term_rows(taxonomy: str, slug: str, facts: Sequence[YearFacts]) -> dict[str, list[Row]]:
    """A unit's or topic's counts per year, newest first, each year linking to its records of
    that year: for a unit, of the records it led ("lead") and of those it led or co-handled
    ("either"); for a topic, of its records ("either")."""
    years = sorted(facts, key=lambda f: -f.year)
    folder = "units" if taxonomy == "unit" else "topics"

    def rows(group: str) -> list[Row]:
        return [Row(f"{f.year}年", f"{f.year}/{folder}/{slug}/", counts)
                for f in years
                if (counts := getattr(f.statistics, group).get(slug)) is not None]

    if taxonomy == "unit":
        return {"lead": rows("lead_units"), "either": rows("units")}
    return {"lead": [], "either": rows("topics")}


def plan_portal_statistics(registry: OutputRegistry, facts: Sequence[YearFacts],
                           shared: dict[str, object]) -> None:
    """/statistics/: a row per year with a published record, newest first, and in all."""
    chosen = _measures(shared)
    years = [f for f in sorted(facts, key=lambda f: -f.year) if f.published]
    rows = [Row(f"{f.year}年", f"{f.year}/statistics/", f.statistics.total) for f in years]
    every = Row("合计", None, total(f.statistics.total for f in years))
    registry.claim(Page("statistics/", PORTAL, ("statistics.md.j2",), "办理统计",
                        {**shared, "rows": rows, "every": every,
                         "charts": _charts("years", rows, chosen)},
                        "the statistics page"))


def plan_year_statistics(registry: OutputRegistry, year: int, statistics: YearStatistics,
                         records: Sequence[PublicRecord], today: dt.date, corpus: Corpus,
                         shared: dict[str, object]) -> None:
    """/<year>/statistics/ and, where site.yml lists pending records, /<year>/pending/."""
    chosen = _measures(shared)
    tables = year_tables(year, statistics, corpus)
    registry.claim(Page(f"{year}/statistics/", str(year), ("year-statistics.md.j2",),
                        f"{year}年办理统计",
                        {**shared, "year": year, "tables": tables,
                         "charts": _charts(f"y{year}", tables["kinds"], chosen)},
                        f"the statistics of {year}"))
    if corpus.site.list_pending:
        registry.claim(Page(f"{year}/pending/", str(year), ("pending.md.j2",),
                            f"{year}年未答复件", {**shared, "year": year, "today": today,
                                                "items": pending(records, today)},
                            f"the pending records of {year}"))


# The tables of a year's statistics page, in its order, with their headings: the page and the
# year's statistics.csv (generator.data.files) show the same rows.
TABLE_HEADINGS = {"kinds": "按类别", "lead_units": "按主办单位",
                  "units": "按承办单位（主办或会办）", "topics": "按主题", "key_items": "重点督办"}


def year_tables(year: int, statistics: YearStatistics, corpus: Corpus) -> dict[str, list[Row]]:
    """The rows of each table of a year's statistics page (keys of TABLE_HEADINGS, in order):
    by kind with a total, by lead unit, by unit leading or co-handling and by topic (in the
    vocabularies' order, those with records), and the key items beside all records."""
    kinds = [Row(KIND_LABELS[kind], f"{year}/{slug}/", statistics.kinds[kind], kind)
             for kind, slug in KIND_SLUGS.items() if kind in statistics.kinds]
    return {
        "kinds": [*kinds, Row("合计", None, statistics.total, "total")],
        "lead_units": _rows(corpus.units, statistics.lead_units, f"{year}/units/"),
        "units": _rows(corpus.units, statistics.units, f"{year}/units/"),
        "topics": _rows(corpus.topics, statistics.topics, f"{year}/topics/"),
        "key_items": [Row("重点督办", None, statistics.key_items, "key_items"),
                      Row("全部", None, statistics.total, "total")],
    }


def _measures(shared: dict[str, object]) -> tuple[Measure, ...]:
    chosen = shared["measures"]
    assert isinstance(chosen, tuple)
    return chosen


def _rows(vocabulary: Mapping[str, Unit] | Mapping[str, Topic], counts: dict[str, Counts],
          prefix: str) -> list[Row]:
    """A row per term of the vocabulary (in its order) that has records."""
    return [Row(term.name, f"{prefix}{slug}/", counts[slug], slug)
            for slug, term in vocabulary.items() if slug in counts]


def _charts(prefix: str, rows: Sequence[Row], chosen: Sequence[Measure]) -> dict[str, str]:
    """Two charts of the rows: 满意率, and the share of each class now."""
    satisfied = [Bar(row.label, (Segment("满意率", *row.counts.fraction("satisfied")),))
                 for row in rows]
    classes = [Bar(row.label, tuple(Segment(m.name.removeprefix("现为"),
                                            *row.counts.fraction(m.key))
                                    for m in share_measures(chosen, "now")))
               for row in rows]
    return {"satisfied": bar_chart(f"{prefix}-satisfied", "满意率", satisfied),
            "classes": bar_chart(f"{prefix}-classes", "现在各类办理结果的占比", classes)}

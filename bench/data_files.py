"""Sizes of the data files and feeds: of a built site, or from the data-file writer alone.

`data_sizes(site)` measures a built site (bench/run.py calls it after the cold build): the
years' data files (`<year>/data/*`) and every Atom feed, in all and the largest of each.

Run as a script on a content folder, it estimates the same without building a site: it checks,
publishes and writes every year's data files and feeds in this one process, as a build's
prepare stage and editions do, and reports their bytes, the time and the process's peak memory.
That is how the 100,000-record figures are taken, since the full benchmark at that size takes
the machine for most of an hour:

    python -m generator demo --records 100000 --years 10 --seed 1 --out bench/out/demo-100000-10
    python bench/data_files.py bench/out/demo-100000-10 --results bench/results.md

With `--site`, it measures that site, built from the content, instead. With `--results`, its
row replaces the row of the same size in results.md's table of data
files and feeds, marked as measured by a full build or by the writer alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import resource
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.data.feeds import atom_feed, feed_entries, newest, term_feeds
from generator.data.files import year_data_files
from generator.pages.facts import FeedEntry, corpus_facts
from generator.pages.plan import RECORDS_PER_PART, partition
from generator.pages.publication import public_vocabulary, publish
from generator.pages.statistics import measures
from generator.pages.statistics_pages import year_tables
from generator.pages.taxonomy import topic_taxonomy, unit_taxonomy
from generator.site.build import check

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Data files and feeds"
HEADER = ("| records | measured by | commit | data files MB | largest data file | feeds MB "
          "| largest feed | writer s | writer peak MB |")
CELLS = 9  # how the rows of this table are told from those of the others


@dataclass(frozen=True)
class Sizes:
    """Bytes of the data files and of the feeds, in all and the largest of each (path, bytes)."""

    data: int
    largest_data: tuple[str, int]
    feeds: int
    largest_feed: tuple[str, int]


def measure(files: dict[str, int]) -> Sizes:
    """`files` (path from the site's root -> bytes) split into data files and feeds."""
    data = {path: size for path, size in files.items() if "/data/" in f"/{path}"}
    feeds = {path: size for path, size in files.items() if path.endswith("feed.xml")}
    return Sizes(sum(data.values()), max(data.items(), key=lambda item: item[1]),
                 sum(feeds.values()), max(feeds.items(), key=lambda item: item[1]))


def data_sizes(site: Path) -> Sizes:
    """The sizes of a built site's data files (`<year>/data/*`) and feeds (`**/feed.xml`)."""
    return measure({str(path.relative_to(site)): path.stat().st_size
                    for path in [*site.glob("*/data/*"), *site.rglob("feed.xml")]
                    if path.is_file()})


def row(records: str, how: str, commit: str, sizes: Sizes, seconds: str = "–",
        peak: str = "–") -> str:
    """A line of results.md's table of data files and feeds."""
    def named(item: tuple[str, int]) -> str:
        return f"{item[0]}, {item[1] / 2**20:.2f} MB"
    return (f"| {records} | {how} | {commit} | {sizes.data / 2**20:.1f} | "
            f"{named(sizes.largest_data)} | {sizes.feeds / 2**20:.2f} | "
            f"{named(sizes.largest_feed)} | {seconds} | {peak} |")


def section(rows: list[str]) -> list[str]:
    """The section of results.md on data files and feeds, with `rows`."""
    return [SECTION, "",
            "The years' data files (`<year>/data/`: records.csv, replies.csv, records.json, "
            "statistics.csv, records.xlsx) and every Atom feed (the site's, each year's, unit's "
            "and topic's), in all and the largest. Rows measured by the writer alone "
            "(bench/data_files.py) check, publish and write the data files and feeds in one "
            "process without building the site: an estimate of the built site's files, with "
            "that process's time and peak memory.", "",
            HEADER, "|" + "---|" * CELLS, *rows, ""]


def write_row(results: Path, line: str) -> None:
    """Put `line` in results.md's table of data files and feeds, replacing the row of its size."""
    lines = results.read_text(encoding="utf-8").splitlines() if results.is_file() else []
    size = line.split("|")[1].strip()
    if SECTION not in lines:
        lines += ["", *section([])]
    start = lines.index(SECTION)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
               len(lines))
    rows = [text for text in lines[start:end] if _is_row(text)
            and text.split("|")[1].strip() != size]
    rows = sorted([*rows, line], key=lambda text: int(text.split("|")[1].strip().replace(",", "")))
    lines[start:end] = section(rows)
    results.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


def _is_row(line: str) -> bool:
    cells = line.strip().strip("|").split("|")
    return len(cells) == CELLS and bool(re.fullmatch(r"[\d,]+", cells[0].strip()))


def write_alone(content: Path) -> tuple[Sizes, float]:
    """Check, publish and write every year's data files and feeds of `content`, as a build
    does, without building pages; their sizes and the seconds it took."""
    start = time.monotonic()
    corpus = check(content)
    records = publish(corpus, dt.date(2100, 1, 1))
    corpus = public_vocabulary(corpus)
    chosen = measures(corpus.site.classification)
    units, topics = unit_taxonomy(corpus), topic_taxonomy(corpus)
    files: dict[str, int] = {}
    unit_entries: dict[str, list[FeedEntry]] = {}
    topic_entries: dict[str, list[FeedEntry]] = {}
    site_entries: list[FeedEntry] = []
    for facts in corpus_facts(corpus, records, partition(corpus, RECORDS_PER_PART)):
        published = [r for r in records if r.year == facts.year]
        if not published:
            continue
        tables = year_tables(facts.year, facts.statistics, corpus)
        for path, data in year_data_files(published, tables, chosen).items():
            files[f"{facts.year}/{path}"] = len(data)
        entries = feed_entries(published)
        site_entries += entries
        files[f"{facts.year}/feed.xml"] = len(_feed(f"{facts.year}/feed.xml", entries))
        for slug, found in term_feeds(published, units.classify).items():
            unit_entries.setdefault(slug, []).extend(found)
        for slug, found in term_feeds(published, topics.classify).items():
            topic_entries.setdefault(slug, []).extend(found)
    files["feed.xml"] = len(_feed("feed.xml", newest(site_entries)))
    for folder, by_slug in (("units", unit_entries), ("topics", topic_entries)):
        for slug, term_entries in by_slug.items():
            path = f"{folder}/{slug}/feed.xml"
            files[path] = len(_feed(path, newest(term_entries)))
    return measure(files), time.monotonic() - start


def _feed(path: str, entries: Sequence[FeedEntry]) -> bytes:
    return atom_feed("站", "测试市人民政府", f"urn:replysite:{path}", None, path, entries,
                     "2000-01-01")


def _commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                          capture_output=True).stdout.strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--site", type=Path, help="measure this site, built from the content")
    parser.add_argument("--results", type=Path)
    args = parser.parse_args()
    records = sum(1 for _ in args.content.glob("[0-9]*/*.yml"))
    if args.site:
        line = row(f"{records:,}", "full build", _commit(), data_sizes(args.site))
    else:
        sizes, seconds = write_alone(args.content)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        line = row(f"{records:,}", "writer alone (estimate)", _commit(), sizes,
                   f"{seconds:.0f}", f"{peak_mb:.0f}")
    print(line)
    if args.results:
        write_row(args.results, line)


if __name__ == "__main__":
    main()

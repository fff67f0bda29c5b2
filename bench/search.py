"""Benchmark of search on the 10,000-record demo: indexing per part of a year, queries in Chromium.

Run with `make bench-search` after `make bench` (it uses the site that built). For each part of a
year (the unit the build indexes) it runs Pagefind again, alone, and takes the wall time and peak
memory (median of three runs), and the size of the index on disk (`--no-indexing` skips this).
Then, in Debian's Chromium with a cold cache (a new browser context per run), it types each query
of QUERIES into the search page and takes the time from pressing Enter to the first result shown,
the bytes and requests fetched from Enter until then, and those fetched until the page has
searched every year and the network is idle (median of `--repeat` runs). `--compare DIR`
measures another built site the same way (the site of an earlier commit); `--reference` indexes
every record page of the site with one plain Pagefind run (about 7 GB of memory at 10,000
records) and measures Pagefind's own API on it: a search and its first result's data;
`--reference-by-year` does the same with one plain index per year, where one of them all would
not fit in memory. Results go to bench/search-results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Request

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.html.search_index import pagefind_binary  # noqa: E402
from tests.browser import chromium, served  # noqa: E402

# Common words, a name, numbers (编号), a 文号 and a unit's name.
QUERIES = ["养老服务", "数字化转型", "加装电梯", "杨某", "第248号", "248", "丰住建复〔2024〕68号",
           "市经济和信息化局"]


def index_once(html: Path) -> tuple[float, float]:
    """Pagefind over one part, as the build runs it: seconds and peak MB."""
    with tempfile.TemporaryDirectory() as output:
        command = [str(pagefind_binary(ROOT)), "--site", str(html), "--glob", "*/index.html",
                   "--output-path", output, "--quiet"]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"pagefind failed on {html.name}")
        return time.perf_counter() - started, usage.ru_maxrss / 1024


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def bench_indexing(work: Path, site: Path, repeat: int) -> list[str]:
    html = work / "html"
    rows = []
    for part in sorted(p.name for p in html.iterdir() if p.is_dir() and "." in p.name):
        runs = [index_once(html / part) for _ in range(repeat)]
        pages = sum(1 for _ in (html / part).glob("*/index.html"))
        year, number = part.split(".")
        index = folder_mb(site / year / "pagefind" / number)
        rows.append(f"| {part} | {pages:,} | {statistics.median(r[0] for r in runs):.1f} | "
                    f"{max(r[1] for r in runs):.0f} | {index:.1f} |")
        print(rows[-1], flush=True)
    return rows


# Times taken in the page, on the clock of its requests (milliseconds since the epoch): when
# Enter is pressed, and when the first result is in the page. Playwright's own wait for the
# result returns later than that while the page goes on fetching the other years.
_CLOCK = """
window.__benchEnter = null;
window.__benchFirst = null;
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter") window.__benchEnter = performance.timeOrigin + performance.now();
}, true);
new MutationObserver(() => {
  if (window.__benchFirst === null && document.querySelector(".rs-result__title a")) {
    window.__benchFirst = performance.timeOrigin + performance.now();
  }
}).observe(document, { childList: true, subtree: true });
"""
# The search page has finished a query: its results are no longer marked busy.
_DONE = '() => document.querySelector(".rs-search__results")?.getAttribute("aria-busy") === "false"'


@dataclass
class Fetched:
    """The requests of one query that the network answered, each with when it ended (ms since
    the epoch) and its body's bytes. A file the browser's cache answered is not counted: its
    body size is negative (no bytes came), as for Pagefind's WebAssembly, which every year's
    instance asks for at the same address."""

    requests: list[tuple[float, int]] = field(default_factory=list)

    def add(self, request: Request) -> None:
        size = request.sizes()["responseBodySize"]
        if size >= 0:
            timing = request.timing
            self.requests.append((timing["startTime"] + timing["responseEnd"], size))

    def until(self, moment: float) -> tuple[float, int]:
        """KB and requests answered by `moment` (ms since the epoch)."""
        done = [size for ended, size in self.requests if ended <= moment]
        return sum(done) / 1024, len(done)

    def all(self) -> tuple[float, int]:
        return sum(size for _, size in self.requests) / 1024, len(self.requests)


def query_once(browser: Browser, url: str, query: str) -> tuple[float, float, int, float, int]:
    """Seconds from Enter to the first result in the page; KB and requests fetched by then;
    KB and requests fetched until every year is searched and the network is idle."""
    context = browser.new_context()  # an empty cache, as a first visit
    page = context.new_page()
    page.add_init_script(_CLOCK)
    page.goto(url + "search/", wait_until="networkidle")
    fetched = Fetched()
    page.on("requestfinished", fetched.add)
    page.fill("#rs-q", query)
    page.press("#rs-q", "Enter")
    page.wait_for_selector(".rs-result__title a")
    entered, first = page.evaluate("[window.__benchEnter, window.__benchFirst]")
    # The page searches the other years after the first results, with pauses of its own
    # (searching, not fetching) that the network's idleness does not see: the answer is
    # complete when the results are no longer marked busy.
    page.wait_for_function(_DONE, timeout=300_000)
    page.wait_for_load_state("networkidle")
    row = ((first - entered) / 1000, *fetched.until(first), *fetched.all())
    context.close()
    return row


def reference_once(browser: Browser, url: str, query: str,
                   bases: list[str]) -> tuple[float, float, int, float, int]:
    """The same figures for Pagefind's own API on plain indexes of the record pages: the first
    of `bases` (site paths) with the others merged into it (mergeIndex), one search and its
    first result's data."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "about/", wait_until="networkidle")
    fetched = Fetched()
    page.on("requestfinished", fetched.add)
    entered, first = page.evaluate("""async ([query, bases]) => {
        const entered = performance.timeOrigin + performance.now();
        const pagefind = await import(bases[0] + "pagefind.js");
        const instance = pagefind.createInstance({ basePath: bases[0] });
        await Promise.all(bases.slice(1).map((base) => instance.mergeIndex(base)));
        const found = await instance.search(query);
        if (found.results.length) await found.results[0].data();
        return [entered, performance.timeOrigin + performance.now()];
    }""", [query, bases])
    page.wait_for_load_state("networkidle")
    row = ((first - entered) / 1000, *fetched.until(first), *fetched.all())
    context.close()
    return row


def bench_queries(site: Path, repeat: int,
                  reference: list[str] | None = None) -> list[str]:
    """One row per query of QUERIES and a row of medians: the site's search page, or with
    `reference` (index paths, see reference_once) Pagefind's own API on those indexes."""
    rows = []
    with served(site) as url, chromium() as browser:
        for query in QUERIES:
            if reference is None:
                runs = [query_once(browser, url, query) for _ in range(repeat)]
            else:
                runs = [reference_once(browser, url, query, reference) for _ in range(repeat)]
            median = [statistics.median(run[i] for run in runs) for i in range(5)]
            rows.append(f"| {query} | {median[0] * 1000:.0f} | {median[1]:.0f} | "
                        f"{median[2]:.0f} | {median[3]:.0f} | {median[4]:.0f} |")
            print(rows[-1], flush=True)
    medians = [statistics.median(float(row.split("|")[i]) for row in rows) for i in range(2, 7)]
    rows.append("| **median** | " + " | ".join(f"{m:.0f}" for m in medians) + " |")
    return rows


def index_reference(site: Path, glob: str, output: Path) -> tuple[float, float]:
    """One plain Pagefind index of the record pages `glob` names under `site`, into `output`:
    seconds and peak MB."""
    shutil.rmtree(output, ignore_errors=True)
    command = [str(pagefind_binary(ROOT)), "--site", str(site), "--glob", glob,
               "--output-path", str(output), "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"pagefind failed on the reference index {output.name}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def reference_tables(site: Path, size: str, by_year: bool, repeat: int) -> dict[str, list[str]]:
    """Pagefind's own API on plain indexes of every record page: one index of them all, or
    with `by_year` one index per year (the newest first, the others merged into it), for corpora
    whose single index would not fit in memory (about 7 GB per 10,000 records)."""
    output = site / "reference-pagefind"
    if by_year:
        years = sorted((p.name for p in site.iterdir() if p.name.isdigit()), reverse=True)
        built = [index_reference(site, f"{year}/*/index.html", output / year) for year in years]
        seconds, peak = sum(b[0] for b in built), max(b[1] for b in built)
        bases = [f"/reference-pagefind/{year}/" for year in years]
        what = f"one plain Pagefind index per year ({len(years)} indexes, "
    else:
        seconds, peak = index_reference(site, "[0-9]*/*/index.html", output)
        bases = ["/reference-pagefind/"]
        what = "one plain Pagefind index ("
    print(f"reference: {seconds:.0f} s, peak {peak:.0f} MB", flush=True)
    title = f"{size}: {what}built in {seconds:.0f} s, peak {peak:,.0f} MB), Pagefind's API"
    rows = bench_queries(site, repeat, reference=bases)
    shutil.rmtree(output)
    return {title: rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-indexing", action="store_true")
    parser.add_argument("--compare", type=Path, help="another built site, measured the same way")
    parser.add_argument("--compare-label", default="an earlier commit",
                        help="what built the --compare site, for the table's title")
    parser.add_argument("--reference", action="store_true",
                        help="index every record page at once and measure Pagefind's own API")
    parser.add_argument("--reference-by-year", action="store_true",
                        help="the same with one plain index per year, merged in the browser")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "search-results.md")
    args = parser.parse_args()
    site, work = args.out / f"site-{args.records}", args.out / f"work-{args.records}"
    if not site.is_dir():
        raise SystemExit(f"{site} is missing: run `make bench` first")
    indexing = [] if args.no_indexing else bench_indexing(work, site, args.repeat)
    # Each table's title names its size, day and commit: tables of other sizes and runs are kept.
    size = f"{args.records:,} records ({dt.date.today()}, {_commit()})"
    tables = {f"{size}: this commit's search page": bench_queries(site, args.repeat)}
    if args.compare:
        tables[f"{size}: the search page of {args.compare_label}"] = bench_queries(
            args.compare, args.repeat)
    if args.reference or args.reference_by_year:
        tables.update(reference_tables(site, size, args.reference_by_year, args.repeat))
    write_results(args, site, indexing, tables)


def _commit() -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                           capture_output=True, check=False)
    return found.stdout.strip() or "unknown"


def write_results(args: argparse.Namespace, site: Path, indexing: list[str],
                  tables: dict[str, list[str]]) -> None:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    total = sum(folder_mb(p) for p in site.glob("*/pagefind"))
    platform = pagefind_binary(ROOT).parent.parent.name
    lines = [
        "# Search benchmark", "",
        f"Machine: {os.cpu_count()} cores, {memory_gb:.0f} GiB; {dt.date.today()}; Pagefind "
        f"1.6.0 extended ({platform}); the demo corpora over 10 years. Each table's title "
        "names the corpus, the day and the commit measured; compare tables of one day only. "
        f"Medians of {args.repeat} runs. Written by `make bench-search` (bench/search.py).", "",
    ]
    if indexing:
        lines += ["## Indexing, per part of a year", "",
                  "| part | record pages | seconds | peak MB | index MB |", "|---|---|---|---|---|",
                  *indexing, "", f"All indexes together: {total:.0f} MB on disk.", ""]
    lines += ["## Queries in Chromium, cold cache", "",
              "Time from pressing Enter on the search page to the first result in the page, "
              "both taken in the page; KB and requests the network answered from Enter to the "
              "first result, and until the page has searched every year (the results no longer "
              "marked busy) and the network is idle (files the browser's cache answered, "
              "such as Pagefind's WebAssembly asked for again by each year, are not counted).", ""]
    for title, rows in {**_earlier_tables(args.results), **tables}.items():
        lines += [f"### {title[0].upper()}{title[1:]}", "",
                  "| query | ms to first result | KB before | requests before | KB in all | "
                  "requests in all |", "|---|---|---|---|---|---|", *rows, ""]
    args.results.write_text("\n".join(lines), encoding="utf-8")
    print(f"Wrote {args.results}")


def _earlier_tables(results: Path) -> dict[str, list[str]]:
    """The query tables of the results file, by title, so that a run measuring some of them
    keeps the others (one plain index takes minutes and 7 GB to build)."""
    if not results.is_file():
        return {}
    tables: dict[str, list[str]] = {}
    for section in results.read_text("utf-8").split("\n### ")[1:]:
        title, _, body = section.partition("\n")
        rows = [line for line in body.splitlines() if line.startswith("| ")
                and not line.startswith("| query")]
        tables[title[0].lower() + title[1:]] = rows
    return tables


if __name__ == "__main__":
    main()

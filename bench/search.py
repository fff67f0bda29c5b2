"""Benchmark of search on the 10,000-record demo: indexing per part of a year, queries in Chromium.

Run with `make bench-search` after `make bench` (it uses the site that built). For each part of a
year (the unit the build indexes) it runs Pagefind again, alone, and takes the wall time and peak
memory (median of three runs), and the size of the index on disk. Then, in Debian's Chromium with a
cold cache (a new browser context per run), it types five queries into the search page and takes
the time from pressing Enter to the first result shown, and the bytes the search fetched after the
page had loaded (median of three runs). Results go to bench/search-results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, Response

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.html.search_index import pagefind_binary  # noqa: E402
from tests.browser import chromium, served  # noqa: E402

QUERIES = ["数字化转型", "养老服务", "杨某", "第248号", "市经济和信息化局"]


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


def query_once(browser: Browser, url: str, query: str) -> tuple[float, int, int]:
    """Seconds from Enter to the first result, and bytes and requests the search fetched."""
    context = browser.new_context()  # an empty cache, as a first visit
    page = context.new_page()
    page.goto(url + "search/", wait_until="networkidle")
    fetched: list[Response] = []
    page.on("response", lambda response: fetched.append(response))
    page.fill("#rs-q", query)
    started = time.perf_counter()
    page.press("#rs-q", "Enter")
    page.wait_for_selector(".rs-result__title a")
    seconds = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    size = sum(len(response.body()) for response in fetched if response.ok)
    count = len(fetched)
    context.close()
    return seconds, size, count


def bench_queries(site: Path, repeat: int) -> list[str]:
    rows = []
    with served(site) as url, chromium() as browser:
        for query in QUERIES:
            runs = [query_once(browser, url, query) for _ in range(repeat)]
            rows.append(f"| {query} | {statistics.median(r[0] for r in runs) * 1000:.0f} | "
                        f"{statistics.median(r[1] for r in runs) / 1024:.0f} | "
                        f"{statistics.median(r[2] for r in runs):.0f} |")
            print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "search-results.md")
    args = parser.parse_args()
    site, work = args.out / f"site-{args.records}", args.out / f"work-{args.records}"
    if not site.is_dir():
        raise SystemExit(f"{site} is missing: run `make bench` first")
    indexing = bench_indexing(work, site, args.repeat)
    queries = bench_queries(site, args.repeat)
    write_results(args, site, indexing, queries)


def write_results(args: argparse.Namespace, site: Path, indexing: list[str],
                  queries: list[str]) -> None:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    total = sum(folder_mb(p) for p in site.glob("*/pagefind"))
    platform = pagefind_binary(ROOT).parent.parent.name
    lines = [
        "# Search benchmark", "",
        f"Machine: {os.cpu_count()} cores, {memory_gb:.0f} GiB; {dt.date.today()}; Pagefind "
        f"1.6.0 extended ({platform}); the {args.records:,}-record demo corpus over 10 years. "
        f"Medians of {args.repeat} runs. Written by `make bench-search` (bench/search.py).", "",
        "## Indexing, per part of a year", "",
        "| part | record pages | seconds | peak MB | index MB |", "|---|---|---|---|---|",
        *indexing, "", f"All indexes together: {total:.0f} MB on disk.", "",
        "## Queries in Chromium, cold cache", "",
        "Time from pressing Enter on the search page to the first result shown; bytes and "
        "requests fetched by the search after the page had loaded.", "",
        "| query | ms to first result | KB fetched | requests |", "|---|---|---|---|",
        *queries, "",
    ]
    args.results.write_text("\n".join(lines), encoding="utf-8")
    print(f"Wrote {args.results}")


if __name__ == "__main__":
    main()

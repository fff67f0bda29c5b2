"""Benchmark: time `replysite check` and cold `replysite build` on demo corpora.

Run with `make bench`. Each measure is the median of repeated runs in one session, so that the
figures of one table compare under the same machine load. Peak memory is the largest resident
set of the command's process and the processes it waited for. Results go to bench/results.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPLYSITE = [sys.executable, "-m", "generator"]


@dataclass
class Run:
    seconds: float
    peak_mb: float


def measure(command: list[str]) -> Run:
    """Run a command to the end; its wall time and peak memory (process and children)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env={**os.environ, "PYTHONHASHSEED": "0"})
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        assert process.stderr is not None
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    return Run(seconds, usage.ru_maxrss / 1024)


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024 / 1024


def corpus(out: Path, records: int, years: int) -> Path:
    folder = out / f"demo-{records}-{years}"
    if not (folder / "site.yml").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        measure([*REPLYSITE, "demo", "--records", str(records), "--years", str(years),
                 "--seed", "1", "--out", str(folder)])
    return folder


def median_run(command: list[str], repeat: int, before: list[Path] | None = None) -> Run:
    runs = []
    for _ in range(repeat):
        for folder in before or []:
            shutil.rmtree(folder, ignore_errors=True)
        runs.append(measure(command))
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs))


def bench_size(out: Path, records: int, years: int, repeat: int) -> dict[str, str]:
    content = corpus(out, records, years)
    check = median_run([*REPLYSITE, "check", "--content", str(content)], repeat)
    site, work = out / f"site-{records}", out / f"work-{records}"
    build = median_run([*REPLYSITE, "build", "--content", str(content), "--out", str(site),
                        "--work", str(work)], repeat, before=[site, work])
    return {
        "records": f"{records:,}", "years": str(years),
        "check s": f"{check.seconds:.1f}", "check peak MB": f"{check.peak_mb:.0f}",
        "cold build s": f"{build.seconds:.1f}", "build peak MB": f"{build.peak_mb:.0f}",
        "site MB": f"{folder_mb(site):.0f}", "files": f"{sum(1 for _ in site.rglob('*')):,}",
    }


def write_results(rows: list[dict[str, str]], repeat: int, path: Path) -> None:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    header = list(rows[0])
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {os.cpu_count()} cores, {memory_gb:.0f} GiB, Python "
        f"{platform.python_version()}. Medians of {repeat} runs; peak memory is the largest "
        "of the runs. Written by `make bench` (bench/run.py).",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row[key] for key in header) + " |" for row in rows),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="record counts, comma-separated")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows.append(bench_size(args.out, size, args.years, args.repeat))
        print(rows[-1], flush=True)
    write_results(rows, args.repeat, args.results)
    print(f"Wrote {args.results}")


if __name__ == "__main__":
    main()

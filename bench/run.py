"""Benchmark: check, cold build, and rebuild after one approval, on demo corpora of 10 years.

Run with `make bench` (sizes 1,000, 10,000 and 100,000; `--sizes` chooses). Every figure of a
table is taken in one session, as the median of repeated runs where time allows, so that they
compare under the same machine load. Peak memory is that of the whole process tree (the command,
its worker processes, MkDocs and Pagefind), summed as proportional set sizes so that memory the
forked workers share is counted once, sampled every second. The same 1,000 records are also built
the naive way, as one MkDocs site with the default navigation and Material's own search, for
contrast. Results go to bench/results.md, with the targets of each size marked met or not, and
the sizes of the data files and feeds of each cold build (bench/data_files.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from data_files import CELLS as DATA_CELLS
from data_files import data_sizes
from data_files import row as data_row
from data_files import section as data_section

from generator.html.search_index import pagefind_binary

ROOT = Path(__file__).resolve().parent.parent
REPLYSITE = [sys.executable, "-m", "generator"]
MKDOCS = [sys.executable, "-m", "mkdocs"]
STAGES = ("check", "plan", "generate", "mkdocs", "index", "assemble")
# Seconds or megabytes, per size: (check, cold build, rebuild after one approval, peak memory).
# The section of results.md that bench/distributed.py writes.
RUNNERS_SECTION = "## Several runners"
TARGETS = {10_000: (8, 90, 45, 3_000), 100_000: (60, 600, 60, 8_000)}


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stages: dict[str, float] = field(default_factory=dict)
    cpu: float = 0.0  # CPU seconds of the whole process tree
    cpu_stages: dict[str, float] = field(default_factory=dict)
    sampling_cpu: float = 0.0  # CPU seconds the memory sampling took from the machine


class TreeMemory:
    """Samples the memory of a process and all its descendants until stopped; keeps the peak.

    Reading a process's proportional set size makes the kernel walk its page tables: sampled
    five times a second, that took a third of one of this machine's two cores away from the
    build being measured at 100,000 records. Once a second it took a sixth; `cpu` says how much.
    """

    INTERVAL = 1.0

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kb, self.cpu, self._stop = pid, 0, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024

    def _sample(self) -> None:
        while not self._stop.wait(self.INTERVAL):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in self._tree()))
        self.cpu = time.thread_time()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        return found


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+)", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def measure(command: list[str]) -> Run:
    """Run a command to the end: wall time, peak memory and CPU of its tree, per stage too."""
    started, cpu_before = time.perf_counter(), children_cpu()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(process.pid)
    _, errors = process.communicate()
    seconds, peak = time.perf_counter() - started, memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    return Run(seconds, peak, _per_stage(errors, "Time"), children_cpu() - cpu_before,
               _per_stage(errors, "CPU"), memory.cpu)


def children_cpu() -> float:
    """CPU seconds of the finished child processes of this one, and of all they waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _per_stage(log: str, measure: str) -> dict[str, float]:
    """The build's summary line of time or CPU per stage, as numbers."""
    match = re.search(rf"^{measure} per stage \(summed over \w+\): (.*)\.$", log, re.MULTILINE)
    if not match:
        return {}
    return {name: float(value) for name, value in
            re.findall(r"(\w+) ([\d.]+) s", match.group(1))}


def median_run(runs: list[Run]) -> Run:
    def medians(of: list[dict[str, float]]) -> dict[str, float]:
        return {stage: statistics.median(values.get(stage, 0.0) for values in of)
                for stage in STAGES if any(stage in values for values in of)}

    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs),
               medians([r.stages for r in runs]), statistics.median(r.cpu for r in runs),
               medians([r.cpu_stages for r in runs]),
               statistics.median(r.sampling_cpu for r in runs))


def folder_mb(folder: Path, pattern: str = "*") -> float:
    return sum(p.stat().st_size for p in folder.glob(pattern) if p.is_file()) / 2**20


def corpus(out: Path, records: int, years: int) -> Path:
    folder = out / f"demo-{records}-{years}"
    if not (folder / "site.yml").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        measure([*REPLYSITE, "demo", "--records", str(records), "--years", str(years),
                 "--seed", "1", "--out", str(folder)])
    return folder


class Approval:
    """One reply in the newest year, changed from draft to approved and back."""

    def __init__(self, content: Path) -> None:
        newest = max(p for p in content.iterdir() if re.fullmatch(r"\d{4}", p.name))
        self.path = next(p for p in sorted(newest.glob("*.yml"))
                         if 'status: "draft"' in p.read_text(encoding="utf-8"))
        self.draft = self.path.read_text(encoding="utf-8")

    def approve(self) -> None:
        assigned = dt.date.fromisoformat(
            re.search(r"^assigned: (\S+)", self.draft, re.MULTILINE).group(1))  # type: ignore[union-attr]
        written = assigned + dt.timedelta(days=40)
        approved = (f'status: "approved"\n    approved: {written + dt.timedelta(days=2)}\n'
                    f'    date: {written}\n    doc_number: "丰测复〔{written.year}〕1号"')
        self.path.write_text(self.draft.replace('status: "draft"', approved, 1),
                             encoding="utf-8")

    def restore(self) -> None:
        self.path.write_text(self.draft, encoding="utf-8")


def bench_size(out: Path, records: int, years: int, repeat: int) -> dict[str, str]:
    content = corpus(out, records, years)
    print(f"{records:,} records: check", flush=True)
    check = median_run([measure([*REPLYSITE, "check", "--content", str(content)])
                        for _ in range(repeat)])
    site, work = out / f"site-{records}", out / f"work-{records}"
    build = [*REPLYSITE, "build", "--content", str(content), "--out", str(site),
             "--work", str(work)]
    print(f"{records:,} records: cold build", flush=True)
    cold = median_run([_cold(build, site, work) for _ in range(repeat)])
    print(f"{records:,} records: rebuild after one approval", flush=True)
    # Untimed: a build of the same content, so that the site before the last is kept beside
    # the site, as on any machine that has published before (generator/site/assemble.py).
    measure(build)
    rebuild = median_run([_after_approval(build, Approval(content)) for _ in range(repeat)])
    sizes = data_sizes(site)
    return {
        "records": f"{records:,}", "years": str(years), "commit": _commit(),
        "check s": f"{check.seconds:.1f}",
        "cold build s": f"{cold.seconds:.1f}",
        "cold build by stage s": ", ".join(f"{k} {v:.1f}" for k, v in cold.stages.items()),
        "cold build CPU by stage s": ", ".join(f"{k} {v:.1f}"
                                               for k, v in cold.cpu_stages.items()),
        "rebuild after one approval s": f"{rebuild.seconds:.1f}",
        "rebuild by stage s": ", ".join(f"{k} {v:.1f}" for k, v in rebuild.stages.items()),
        "peak memory MB": f"{max(check.peak_mb, cold.peak_mb, rebuild.peak_mb):.0f}",
        "site MB": f"{folder_mb(site, '**/*'):.0f}",
        "index MB": f"{folder_mb(site, '*/pagefind/**/*'):.0f}",
        "files": f"{sum(1 for _ in site.rglob('*')):,}",
        "_targets": _targets(records, check, cold, rebuild),
        "_cpu": _cpu_line(records, cold),
        "_data": data_row(f"{records:,}", "full build", _commit(), sizes),
    }


def _commit() -> str:
    """The commit measured, marked when the code differs from it."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                          capture_output=True).stdout.strip() or "unknown"
    changed = subprocess.run(["git", "status", "--porcelain", "generator", "theme",
                              "mkdocs.yml"], cwd=ROOT, text=True, capture_output=True).stdout
    return f"{head}+changes" if changed.strip() else head


def _cold(build: list[str], site: Path, work: Path) -> Run:
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return measure(build)


def _after_approval(build: list[str], approval: Approval) -> Run:
    approval.approve()
    try:
        return measure(build)
    finally:
        approval.restore()
        measure(build)  # back to where the next run starts, untimed


def _targets(records: int, check: Run, cold: Run, rebuild: Run) -> str:
    if records not in TARGETS:
        return ""
    limits = TARGETS[records]
    measured = (check.seconds, cold.seconds, rebuild.seconds,
                max(check.peak_mb, cold.peak_mb, rebuild.peak_mb))
    names = ("check", "cold build", "rebuild after one approval", "peak memory")
    units = ("s", "s", "s", "MB")
    return "\n".join(
        f"| {records:,} | {name} | at most {limit:,} {unit} | {value:,.1f} {unit} | "
        f"{'met' if value <= limit else 'not met'} |"
        for name, limit, value, unit in zip(names, limits, measured, units, strict=True))


def _cpu_line(records: int, cold: Run) -> str:
    """What the cold build asked of the machine, and the least time MkDocs and Pagefind alone
    need on its cores: a build cannot be faster than the tools it runs."""
    cores = os.cpu_count() or 1
    mkdocs, pagefind = cold.cpu_stages.get("mkdocs", 0.0), cold.cpu_stages.get("index", 0.0)
    return (f"| {records:,} | {cold.seconds:,.1f} | {cold.cpu:,.1f} "
            f"| {cold.cpu / cold.seconds:.1f} | {mkdocs:,.1f} | {pagefind:,.1f} "
            f"| {(mkdocs + pagefind) / cores:,.1f} | {cold.sampling_cpu:,.1f} |")


def segmentation_share(out: Path, records: int, repeat: int) -> str:
    """Pagefind's CPU on one part, segmenting Chinese and, for contrast, told the pages are
    English (which finds nothing in Chinese text): how much of it the segmentation takes."""
    html = out / f"work-{records}" / "html"
    part = max((p for p in html.iterdir() if re.fullmatch(r"\d{4}\.\d+", p.name)),
               key=lambda p: sum(1 for _ in p.glob("*/index.html")))
    pages = sum(1 for _ in part.glob("*/index.html"))
    binary = pagefind_binary(ROOT)
    print(f"Pagefind on {part.name}: Chinese and English", flush=True)

    def cpu(*options: str) -> float:
        runs = []
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as output:
                before = children_cpu()
                subprocess.run([str(binary), "--site", str(part), "--glob", "*/index.html",
                                "--output-path", output, "--quiet", *options], check=True)
                runs.append(children_cpu() - before)
        return statistics.median(runs)

    chinese, english = cpu(), cpu("--force-language", "en")
    return (f"Pagefind on one part of {pages:,} record pages ({part.name}, {records:,} records): "
            f"{chinese:.1f} CPU seconds, and {english:.1f} when told the pages are English, "
            "which segments nothing: segmenting the Chinese text takes "
            f"{(chinese - english) / chinese:.0%} of Pagefind's CPU. Medians of {repeat} runs.")


def naive_contrast(out: Path, records: int, years: int, ours: float) -> str:
    """The same records as one MkDocs site: default navigation, Material's own search."""
    work = out / f"work-{records}" / "docs"
    naive = out / f"naive-{records}"
    shutil.rmtree(naive, ignore_errors=True)
    shutil.copytree(work / "portal", naive / "docs")
    for edition in sorted(p for p in work.iterdir() if p.name != "portal"):
        shutil.copytree(edition, naive / "docs" / edition.name)
    (naive / "mkdocs.yml").write_text(
        "site_name: naive\ntheme: {name: material, language: zh, font: false}\n"
        "plugins: [search]\n", encoding="utf-8")
    print(f"{records:,} records: naive build", flush=True)
    run = measure([*MKDOCS, "build", "-q", "-f", str(naive / "mkdocs.yml"),
                   "-d", str(naive / "site")])
    size = folder_mb(naive / "site", "**/*")
    return (f"The same {records:,} records built the naive way (one MkDocs build, default nav "
            f"of every page, Material's search): {run.seconds:.1f} s, {run.peak_mb:.0f} MB "
            f"peak, {size:.0f} MB of output; {run.seconds / ours:.1f}x the time of the "
            "edition build above.")


def write_results(rows: list[dict[str, str]], repeat: int, notes: Notes, path: Path) -> None:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    header = [key for key in rows[0] if not key.startswith("_")]
    rows, notes = _with_earlier_results(rows, header, notes, path)
    targets = [row["_targets"] for row in rows if row["_targets"]]
    cpu = [row["_cpu"] for row in rows if row["_cpu"]]
    data = [row["_data"] for row in rows if row.get("_data")]
    lines = [
        "# Benchmark results", "",
        f"Machine: {os.cpu_count()} cores, {memory_gb:.0f} GiB, Python "
        f"{platform.python_version()}; {dt.date.today()}. Medians of up to {repeat} runs "
        "(see `--repeat`); peak memory is the largest of all runs of a size, for the whole "
        "process tree. Each row names the commit it measured: `--sizes` measures some sizes "
        "again and keeps the other rows. Written by `make bench` (bench/run.py).", "",
        "| " + " | ".join(header) + " |", "|" + "---|" * len(header),
        *("| " + " | ".join(row[key] for key in header) + " |" for row in rows), "",
        notes.contrast, "", "## Targets", "",
        "| records | measure | target | measured | |", "|---|---|---|---|---|", *targets, "",
        "## CPU of the cold build", "",
        "CPU seconds of the whole process tree. A build cannot take less time than the CPU "
        f"its MkDocs and Pagefind stages need, shared over the machine's {os.cpu_count()} "
        "cores. The benchmark's own sampling of memory takes CPU from the build too (last "
        "column).", "",
        "| records | wall s | CPU s | cores busy | MkDocs CPU s | Pagefind CPU s "
        f"| MkDocs and Pagefind on {os.cpu_count()} cores, at least s "
        "| memory sampling CPU s |",
        "|---|---|---|---|---|---|---|---|", *cpu, "", notes.segmentation, "",
        *data_section(data),
    ]
    # bench/distributed.py keeps its table at the end: carry it over.
    earlier = path.read_text(encoding="utf-8") if path.is_file() else ""
    section = earlier[earlier.index(RUNNERS_SECTION):] if RUNNERS_SECTION in earlier else ""
    path.write_text("\n".join(lines) + ("\n" + section if section else ""), encoding="utf-8")


@dataclass
class Notes:
    """Paragraphs measured once per run, kept from the results file when not measured again."""
    contrast: str = ""  # the naive build
    segmentation: str = ""  # Pagefind's CPU with and without Chinese segmentation


def _with_earlier_results(rows: list[dict[str, str]], header: list[str], notes: Notes,
                          path: Path) -> tuple[list[dict[str, str]], Notes]:
    """Keep the rows of sizes not measured this time from the results file, so that one size
    can be measured again alone; each row names the commit it measured."""
    if not path.is_file():
        return rows, notes
    lines = path.read_text(encoding="utf-8").splitlines()
    tables = [_cells(line) for line in lines if line.startswith("| ")]
    earlier_header = next((cells for cells in tables if cells[0] == "records"), [])
    measured = {row["records"] for row in rows}
    earlier = []
    for cells in tables:
        if len(cells) != len(earlier_header) or not re.fullmatch(r"[\d,]+", cells[0]) \
                or cells[0] in measured:
            continue
        row = {name: "–" for name in header} | dict(zip(earlier_header, cells, strict=True))
        row["_targets"] = _lines_of(_section(lines, "## Targets"), cells[0], 5)
        row["_cpu"] = _lines_of(_section(lines, "## CPU of the cold build"), cells[0], 8)
        row["_data"] = _lines_of(_section(lines, "## Data files and feeds"), cells[0],
                                 DATA_CELLS)
        earlier.append(row)
    notes = Notes(
        notes.contrast or next((line for line in lines if line.startswith("The same ")), ""),
        notes.segmentation or next((line for line in lines
                                    if line.startswith("Pagefind on one part")), ""))
    every = sorted(rows + earlier, key=lambda row: int(row["records"].replace(",", "")))
    return every, notes


def _section(lines: list[str], heading: str) -> list[str]:
    """The lines under `heading`, up to the next heading of its level: the tables of
    "Data files and feeds" and "Several runners" have as many columns."""
    start = lines.index(heading) + 1 if heading in lines else len(lines)
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


def _lines_of(lines: list[str], records: str, cells: int) -> str:
    """The lines of a table of `cells` columns about a size."""
    return "\n".join(line for line in lines
                     if line.startswith(f"| {records} | ") and len(_cells(line)) == cells)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="record counts")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per measure; sizes of 100,000 and more run once")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows, notes = [], Notes()
    for size in (int(s) for s in args.sizes.split(",")):
        rows.append(bench_size(args.out, size, args.years,
                               1 if size >= 100_000 else args.repeat))
        print(rows[-1], flush=True)
        if size == 1000:
            notes.contrast = naive_contrast(args.out, size, args.years,
                                            float(rows[-1]["cold build s"]))
            print(notes.contrast, flush=True)
        # Measured at each size and the last kept: with the default sizes, on parts of the
        # full part size rather than the few pages a year of 1,000 records has.
        notes.segmentation = segmentation_share(args.out, size, args.repeat)
        print(notes.segmentation, flush=True)
        # Written after each size, so that a long run stopped early keeps what it measured.
        write_results(rows, args.repeat, notes, args.results)
        print(f"Wrote {args.results}", flush=True)


if __name__ == "__main__":
    main()

"""Benchmark: a cold build spread over simulated runners, then the assembly of their editions.

Each simulated runner builds its years with `replysite build --year Y --edition-only` into a
fresh work folder of its own, one runner after another on this machine (each with all its
cores), as CI runners would in parallel; then `replysite assemble` gathers the editions and
builds the portal. Years go to runners in turns, largest first, so that the runners get about
the same number of records. The wall time on N runners is about the slowest runner's time plus
the assembly's (and the time to pass the artifacts, which this does not measure).

    .venv/bin/python bench/distributed.py --records 10000 --runners 4
    .venv/bin/python bench/distributed.py --records 100000 --runners 4,10   # long: ~15 min+

Results go into bench/results.md under "Several runners", a row per size and number of
runners, replacing the row measured before for the same ones.
"""

from __future__ import annotations

import argparse
import re
import shutil
import time
from pathlib import Path

from run import REPLYSITE, ROOT, RUNNERS_SECTION, _commit, children_cpu, corpus, measure

SECTION = RUNNERS_SECTION
HEADER = ("| records | runners | commit | years per runner | each runner s (CPU s) "
          "| slowest runner s | assembly s (CPU s) | slowest + assembly s | all runners s |")


def split_years(content: Path, runners: int) -> list[list[str]]:
    """The years of `content`, dealt to `runners` in turns by size, largest first, each
    runner's years in order."""
    years = sorted((p.name for p in content.iterdir() if re.fullmatch(r"\d{4}", p.name)),
                   key=lambda year: -sum(1 for _ in (content / year).glob("*.yml")))
    groups: list[list[str]] = [[] for _ in range(min(runners, len(years)))]
    loads = [0] * len(groups)
    for year in years:
        least = loads.index(min(loads))
        groups[least].append(year)
        loads[least] += sum(1 for _ in (content / year).glob("*.yml"))
    return [sorted(group) for group in groups]


def bench_runners(out: Path, records: int, years: int, runners: int) -> str:
    """Build the demo corpus on `runners` simulated runners and assemble it; the table row."""
    content = corpus(out, records, years)
    base = out / f"runners-{records}-{runners}"
    shutil.rmtree(base, ignore_errors=True)
    groups = split_years(content, runners)
    common = ["--content", str(content), "--config", str(ROOT / "mkdocs.yml"), "--quiet"]
    times = []
    for number, group in enumerate(groups):
        work = base / f"runner-{number}"
        started, cpu = time.perf_counter(), children_cpu()
        for year in group:
            measure([*REPLYSITE, "build", "--year", year, "--edition-only", "--work",
                     str(work), "--out", str(base / "unused"), *common])
        times.append((time.perf_counter() - started, children_cpu() - cpu))
        print(f"runner {number} ({' '.join(group)}): {times[-1][0]:.1f} s", flush=True)
    sources = [f"--from={base / f'runner-{n}'}" for n in range(len(groups))]
    assembly = measure([*REPLYSITE, "assemble", *sources, "--out", str(base / "site"),
                        "--work", str(base / "work"), *common])
    print(f"assembly: {assembly.seconds:.1f} s", flush=True)
    slowest = max(seconds for seconds, _ in times)
    return (f"| {records:,} | {len(groups)} | {_commit()} | "
            f"{'; '.join(' '.join(g) for g in groups)} | "
            f"{', '.join(f'{s:.1f} ({c:.0f})' for s, c in times)} | {slowest:.1f} | "
            f"{assembly.seconds:.1f} ({assembly.cpu:.0f}) | {slowest + assembly.seconds:.1f} | "
            f"{sum(s for s, _ in times):.1f} |")


def write_row(row: str, path: Path) -> None:
    """Put `row` in the section of bench/results.md, replacing one of the same size and
    runners; the section is made, with its explanation, the first time."""
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmark results\n"
    if SECTION not in text:
        text = text.rstrip("\n") + "\n\n" + "\n".join([
            SECTION, "",
            "A cold build spread over simulated runners (`bench/distributed.py`): each runner "
            "builds its years with `replysite build --year Y --edition-only` into a work "
            "folder of its own, one runner after another on this machine, each with all its "
            "cores; then `replysite assemble` builds the portal and the site. On N real "
            "runners the wall time is about the slowest runner's plus the assembly's, and the "
            "time to pass the artifacts. Each runner checks every year's files, since every "
            "edition's key needs them all.", "",
            HEADER, "|---|---|---|---|---|---|---|---|---|", ""]) + "\n"
    head, _, rest = text.partition(SECTION)
    lines = rest.splitlines()
    key = "| ".join(row.split("| ")[:3])
    lines = [line for line in lines if not line.startswith(key)]
    # The section ends at the next heading: rows go at the end of its own table only.
    end = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
    table_end = max(i for i, line in enumerate(lines[:end]) if line.startswith("|")) + 1
    lines.insert(table_end, row)
    path.write_text(head + SECTION + "\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runners", default="4", help="numbers of runners, such as 4,10")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for runners in (int(n) for n in args.runners.split(",")):
        row = bench_runners(args.out, args.records, args.years, runners)
        print(row, flush=True)
        write_row(row, args.results)
        print(f"Wrote {args.results}", flush=True)


if __name__ == "__main__":
    main()

"""What a long build says while it runs: a line per edition and stage, a bar on a terminal.

CI logs get plain lines only; a terminal also gets one bar line, redrawn in place, that counts
the editions done. At the end comes a summary of what was rebuilt, what was reused, and the time
spent in each stage over all editions.
"""

from __future__ import annotations

import resource
import shutil
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TextIO

STAGES = ("check", "plan", "generate", "mkdocs", "index", "assemble")
_BAR_WIDTH = 24


@dataclass(frozen=True)
class StageTime:
    """How long one stage took for one edition (or 'all', 'site' for a stage of the whole
    build): wall seconds, the records it went through and CPU seconds."""

    edition: str
    stage: str
    seconds: float
    records: int = 0  # how many records the stage went through, for a rate
    cpu: float = 0.0  # CPU seconds of the processes that did the stage (see Stopwatch)


@dataclass
class Progress:
    """Tells how a build goes on `stream`: a line per stage, and a bar on a terminal (`live`);
    nothing when `quiet`. It keeps every timing and the editions rebuilt and reused for
    `summary`."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    live: bool | None = None  # a bar redrawn in place; None: only when writing to a terminal
    quiet: bool = False
    times: list[StageTime] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    kept_years: list[int] = field(default_factory=list)  # not loaded: their facts were kept
    _total: int = 0
    _done: int = 0
    _bar_shown: bool = False

    def __post_init__(self) -> None:
        if self.live is None:
            self.live = self.stream.isatty()

    def plan(self, rebuilt: list[str], reused: list[str]) -> None:
        """Say which editions will be built and which reused (by key), and show the bar at 0 of
        len(rebuilt)."""
        self.rebuilt, self.reused, self._total = rebuilt, reused, len(rebuilt)
        reuse = f"; reusing {', '.join(reused)}" if reused else ""
        self._line(f"Building {len(rebuilt)} edition{'s' if len(rebuilt) != 1 else ''}: "
                   f"{', '.join(rebuilt)}{reuse}")
        self._draw_bar(0)

    def finish(self) -> None:
        """Erase the bar, so that what is written next starts on a clean line."""
        self._clear_bar()

    def stage(self, timing: StageTime) -> None:
        """Keep `timing` and say it: `[2024.1] mkdocs: 1,000 records in 12.3 s, 81 records/s`."""
        self.times.append(timing)
        rate = (f", {timing.records / timing.seconds:,.0f} records/s"
                if timing.records and timing.seconds > 0 else "")
        plural = "s" if timing.records != 1 else ""
        count = f" {timing.records:,} record{plural}" if timing.records else ""
        self._line(f"[{timing.edition}] {timing.stage}:{count} in {timing.seconds:.1f} s{rate}")

    def edition_done(self) -> None:
        """Count one more edition built, on the bar."""
        self._done += 1
        self._draw_bar(self._done)

    def summary(self) -> list[str]:
        """The closing lines: the editions rebuilt and reused, the years not loaded, and the
        wall and CPU seconds of each stage, in the order of STAGES, summed over editions."""
        lines = [f"Rebuilt: {', '.join(self.rebuilt) or 'nothing'}.",
                 f"Reused: {', '.join(self.reused) or 'nothing'}."]
        if self.kept_years:
            lines.append(f"Years not loaded, nothing in them changed: "
                         f"{', '.join(str(year) for year in self.kept_years)}.")
        return [*lines,
                f"Time per stage (summed over editions): {self._per_stage('seconds')}.",
                f"CPU per stage (summed over processes): {self._per_stage('cpu')}."]

    def _per_stage(self, measure: str) -> str:
        totals: dict[str, float] = defaultdict(float)
        for timing in self.times:
            totals[timing.stage] += getattr(timing, measure)
        return ", ".join(f"{stage} {totals[stage]:.1f} s" for stage in STAGES if stage in totals)

    def _line(self, text: str) -> None:
        if self.quiet:
            return
        self._clear_bar()
        print(text, file=self.stream, flush=True)
        self._draw_bar(self._done)

    def _draw_bar(self, done: int) -> None:
        if not self.live or self.quiet or not self._total:
            return
        filled = _BAR_WIDTH * done // self._total
        bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
        text = f"[{bar}] {done}/{self._total} editions"
        width = shutil.get_terminal_size().columns
        self.stream.write("\r" + text[:width - 1])
        self.stream.flush()
        self._bar_shown = True

    def _clear_bar(self) -> None:
        if self._bar_shown:
            self.stream.write("\r\033[K")
            self._bar_shown = False


class Stopwatch:
    """Wall and CPU seconds since it was made; read as often as needed.

    The CPU is that of this process and of the child processes it has waited for since (the
    check's workers, Pagefind). Beside the wall time it tells whether a stage was slow because
    it had much to do or because the machine was busy, and what a build would take on more
    cores.
    """

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.cpu_start = _cpu_used()

    def seconds(self) -> float:
        """Wall seconds since it was made (`time.perf_counter`)."""
        return time.perf_counter() - self.start

    def cpu_seconds(self) -> float:
        """CPU seconds, user and system, since it was made, of this process and of the children
        it has waited for."""
        return _cpu_used() - self.cpu_start

    def timing(self, edition: str, stage: str, records: int = 0) -> StageTime:
        """The stage's time and CPU until now."""
        return StageTime(edition, stage, self.seconds(), records, self.cpu_seconds())


def _cpu_used() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    waited = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + waited.ru_utime + waited.ru_stime

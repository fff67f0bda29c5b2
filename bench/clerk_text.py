"""Benchmark: rendering clerks' texts to HTML, as a build does for every published reply.

Reads every record of a demo corpus (`replysite demo`), collects the texts a record page renders
through `clerk_html` (the suggestion, reply texts and summaries, progress entries), and times
rendering them all, as the median of several runs. Run it as

    .venv/bin/python bench/clerk_text.py DIR [--runs 3]

It prints how many texts there were and how many took the direct way for plain text, then the
median time in seconds, with texts per second, of `clerk_html` (as the build renders them) and
of `markdown_html` (every text through the Markdown parser and the sanitizer, as a text with
any markup is rendered).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from generator.records.clerk_text import _PLAIN, clerk_html, markdown_html


def texts(content: Path) -> Iterator[str]:
    """Every Markdown text of the records under `content`, in file order."""
    for path in sorted(content.glob("[0-9]*/*.yml")):
        record: dict[str, Any] = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        if record.get("body"):
            yield record["body"]
        for reply in record.get("replies") or ():
            for field in ("text", "summary"):
                if reply.get(field):
                    yield reply[field]
        for entry in record.get("progress") or ():
            yield entry["text"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    corpus = list(texts(options.content))
    plain = sum(1 for text in corpus if _PLAIN.match(text))
    print(f"{len(corpus)} texts, {plain} plain; median of {options.runs} runs:")
    for render in (clerk_html, markdown_html):
        median = _median_time(render, corpus, options.runs)
        print(f"  {render.__name__}: {median:.2f} s, {len(corpus) / median:,.0f} texts/s")


def _median_time(render: Callable[[str], str], corpus: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for text in corpus:
            render(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    main()

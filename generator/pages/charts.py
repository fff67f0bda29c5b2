"""Charts of the statistics as SVG, written at build time with the standard library.

A chart is a small inline `<svg>` with `role="img"`, a `<title>` and a `<desc>` that says every
value in words, so that it needs no script, prints as drawn and reads aloud; the table beside it
holds the same numbers. The same numbers give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from generator.pages.statistics import percent

WIDTH = 480  # viewBox units; the chart scales to the width of the page
LABEL = 96  # room for a row's label, left of the bars
ROW = 26
# Fills for a bar's segments, dark to light, each distinct in greyscale too.
FILLS = ("#1d4b8f", "#6b8fc7", "#b9c9e4", "#e0e6f0", "#8a8a8a")


@dataclass(frozen=True)
class Segment:
    """One bar of a chart: its label and the fraction it stands for (a count over a count)."""

    label: str  # "A类"
    numerator: int
    denominator: int


@dataclass(frozen=True)
class Bar:
    """One row of a chart: its label, and its segments side by side (their shares add up)."""

    label: str
    segments: tuple[Segment, ...]


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar]) -> str:
    """Horizontal bars, one a row, each made of segments that are shares of its width; a row
    whose denominator is 0 is drawn empty and described as "—"."""
    height = ROW * len(bars) + 30
    parts = [f'<svg class="rs-chart" role="img" aria-labelledby="{chart_id}-title '
             f'{chart_id}-desc" viewBox="0 0 {WIDTH} {height}" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(_description(bars))}</desc>']
    for row, bar in enumerate(bars):
        parts += _row(row, bar)
    parts += _legend(bars, ROW * len(bars) + 18)
    parts.append("</svg>")
    return "\n".join(parts)


def _row(row: int, bar: Bar) -> list[str]:
    y = row * ROW
    out = [f'<text x="{LABEL - 6}" y="{y + 17}" text-anchor="end" font-size="15">'
           f"{escape(bar.label)}</text>",
           f'<rect x="{LABEL}" y="{y + 4}" width="{WIDTH - LABEL}" height="{ROW - 8}" '
           f'fill="none" stroke="#8a8a8a" stroke-width="1"/>']
    x = 0
    span = WIDTH - LABEL
    for index, segment in enumerate(bar.segments):
        if segment.denominator == 0 or segment.numerator == 0:
            continue
        width = span * segment.numerator // segment.denominator
        out.append(f'<rect x="{LABEL + x}" y="{y + 4}" width="{width}" height="{ROW - 8}" '
                   f'fill="{FILLS[index % len(FILLS)]}"/>')
        x += width
    return out


def _legend(bars: Sequence[Bar], y: int) -> list[str]:
    if not bars or len(bars[0].segments) < 2:
        return []
    out = []
    for index, segment in enumerate(bars[0].segments):
        x = LABEL + index * 72
        out += [f'<rect x="{x}" y="{y - 10}" width="12" height="12" '
                f'fill="{FILLS[index % len(FILLS)]}" stroke="#8a8a8a" stroke-width="1"/>',
                f'<text x="{x + 16}" y="{y}" font-size="14">{escape(segment.label)}</text>']
    return out


def _description(bars: Sequence[Bar]) -> str:
    return "；".join(
        f"{bar.label}：" + "，".join(
            f"{segment.label}{percent(segment.numerator, segment.denominator)}"
            for segment in bar.segments)
        for bar in bars) + "。"

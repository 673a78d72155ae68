"""Charts as plain data for server-rendered inline SVG (no JavaScript, no CDN): every chart of
the project is computed here, and its template only draws what it is given. Pure arithmetic.

- `bar_chart`: horizontal bars, a year beside the year before (the complaints report). Each
  bar is labelled with its name and number, so the chart reads without colour; the year before
  is drawn hatched, the year itself solid, and the legend says which is which. Each label sits
  on its own line(s) above its bars, across the chart's whole width, so long category names
  ("Charging and financial assessment") are never cut. The chart is drawn at about the width it
  is shown (WIDTH), so its text stays near its real size (14px) on a phone too.
- `stacked_columns`: vertical columns of stacked segments with a scale (the action status
  over the weeks on the dashboard); each segment carries its own title.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass


def _top(values) -> int:
    """The largest value, the chart's full length; at least 1, so that empty charts draw."""
    return max(values, default=0) or 1


WIDTH = 380
BAR_AREA = 320  # the longest bar; its number follows it
NUMBER_GAP = 6
LABEL_CHARS = 44  # what fits in WIDTH at the label's font size (14)
LINE_HEIGHT = 18
LEGEND_HEIGHT = 28
BARS_HEIGHT = 32  # the year's bar (16), a gap (2), the year before's (10), then 4 below
ROW_GAP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    previous: int
    y: int
    width: float
    previous_width: float

    @property
    def label_lines(self) -> list[str]:
        """The label, wrapped at spaces onto as many lines as it needs: never cut."""
        return textwrap.wrap(self.label, LABEL_CHARS) or [""]

    @property
    def bars_y(self) -> int:
        """Where the bars start, below the label's lines."""
        return len(self.label_lines) * LINE_HEIGHT + 2

    @property
    def value_x(self) -> float:
        return round(self.width + NUMBER_GAP, 1)

    @property
    def previous_x(self) -> float:
        return round(self.previous_width + NUMBER_GAP, 1)

    @property
    def height(self) -> int:
        return self.bars_y + BARS_HEIGHT + ROW_GAP


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    current_label: str
    previous_label: str
    bars: list[Bar]
    height: int
    width: int = WIDTH


def bar_chart(*, id: str, title: str, rows, current_label: str, previous_label: str) -> BarChart:
    """rows: (label, value, previous value). Widths scale to the largest value."""
    rows = list(rows)
    top = _top(max(v, p) for _, v, p in rows)
    bars = []
    y = LEGEND_HEIGHT
    for label, value, previous in rows:
        bar = Bar(
            label=label,
            value=value,
            previous=previous,
            y=y,
            width=round(BAR_AREA * value / top, 1),
            previous_width=round(BAR_AREA * previous / top, 1),
        )
        bars.append(bar)
        y += bar.height
    description = "; ".join(f"{b.label}: {b.value} ({previous_label}: {b.previous})" for b in bars)
    return BarChart(
        id=id,
        title=title,
        description=description,
        current_label=current_label,
        previous_label=previous_label,
        bars=bars,
        height=y,
    )


# --- stacked columns ------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    segments: list[Segment]
    ticks: list[tuple[float, int]]  # (y, value) of each gridline
    labels: list[tuple[float, str]]  # (x, text) under the columns
    bar_width: float
    plot_bottom: float
    plot_left: float


# Room for the scale on the left and the labels below.
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 10, 10, 30


def stacked_columns(
    columns: Sequence[tuple[str, Sequence[tuple[int, str, str]]]],
    *,
    width: int = 640,
    height: int = 240,
    label_every: int = 2,
) -> ColumnChart:
    """columns: (label, [(value, css class, title), ...] bottom segment first). Values scale
    to four gridlines at most; every `label_every`-th label is printed, counting back from the
    last column (the latest), so the labels never crowd."""
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    peak = _top(sum(value for value, _, _ in segments) for _, segments in columns)
    step = max(1, -(-peak // 4))  # ceil(peak / 4): four gridlines at most
    top_value = step * -(-peak // step)
    slot = plot_w / max(len(columns), 1)
    bar_w = slot * 0.7
    drawn, labels = [], []
    for i, (label, segments) in enumerate(columns):
        x = _LEFT + i * slot + (slot - bar_w) / 2
        y = _TOP + plot_h
        for value, css, title in segments:
            h = plot_h * value / top_value
            y -= h
            if value:
                drawn.append(Segment(round(x, 1), round(y, 1), round(h, 1), css, title))
        if (len(columns) - 1 - i) % label_every == 0:
            labels.append((round(x + bar_w / 2, 1), label))
    ticks = [
        (round(_TOP + plot_h - plot_h * v / top_value, 1), v) for v in range(0, top_value + 1, step)
    ]
    return ColumnChart(
        width=width,
        height=height,
        segments=drawn,
        ticks=ticks,
        labels=labels,
        bar_width=round(bar_w, 1),
        plot_bottom=_TOP + plot_h,
        plot_left=_LEFT,
    )

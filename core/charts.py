"""Bar charts as plain data for the server-rendered SVG include (no JavaScript, no CDN).

Each bar is labelled with its name and number, so the chart reads without colour; the year
before is drawn hatched, the year itself solid, and the legend says which is which.

Each label sits on its own line(s) above its bars, across the chart's whole width, so long
category names ("Charging and financial assessment") are never cut. The chart is drawn at about
the width it is shown (WIDTH), so its text stays near its real size (14px) on a phone too.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

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
    top = max([max(v, p) for _, v, p in rows] or [0]) or 1
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

"""Bar charts as plain data for the server-rendered SVG include (no JavaScript, no CDN).

Each bar is labelled with its name and number, so the chart reads without colour; the year
before is drawn hatched, the year itself solid, and the legend says which is which.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

ROW_HEIGHT = 34
LABEL_WIDTH = 210
BAR_AREA = 290
NUMBER_GAP = 6
LABEL_CHARS = 28  # what fits in LABEL_WIDTH at the chart's font size


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
        """The label on one line, or two when long (wrapped at a space), so none is cut."""
        if len(self.label) <= LABEL_CHARS:
            return [self.label]
        lines = textwrap.wrap(self.label, LABEL_CHARS)
        if len(lines) > 2:
            lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_CHARS, placeholder="…")]
        return lines

    @property
    def value_x(self) -> float:
        return round(LABEL_WIDTH + self.width + NUMBER_GAP, 1)

    @property
    def previous_x(self) -> float:
        return round(LABEL_WIDTH + self.previous_width + NUMBER_GAP, 1)


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    current_label: str
    previous_label: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    bar_area: int = BAR_AREA

    @property
    def width(self) -> int:
        return self.label_width + self.bar_area + 50


def bar_chart(*, id: str, title: str, rows, current_label: str, previous_label: str) -> BarChart:
    """rows: (label, value, previous value). Widths scale to the largest value."""
    rows = list(rows)
    top = max([max(v, p) for _, v, p in rows] or [0]) or 1
    bars = [
        Bar(
            label=label,
            value=value,
            previous=previous,
            y=30 + index * ROW_HEIGHT,
            width=round(BAR_AREA * value / top, 1),
            previous_width=round(BAR_AREA * previous / top, 1),
        )
        for index, (label, value, previous) in enumerate(rows)
    ]
    description = "; ".join(f"{b.label}: {b.value} ({previous_label}: {b.previous})" for b in bars)
    return BarChart(
        id=id,
        title=title,
        description=description,
        current_label=current_label,
        previous_label=previous_label,
        bars=bars,
        height=30 + len(bars) * ROW_HEIGHT + 10,
    )

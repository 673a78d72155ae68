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
- `trend_line`: a value over periods (a metric's values), small: round markers with their
  values printed, a comparator dashed with square markers, a target dotted.
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


# --- a small trend line ---------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    x: float
    y: float
    label: str  # the period, under the axis
    text: str  # the value, printed above its marker
    printed: bool = True  # whether its period and value are printed (they would crowd)


@dataclass(frozen=True)
class TrendChart:
    """A value over periods, drawn at about the size shown: each value printed above its
    round marker, a comparator (England) dashed with square markers, a target dotted (its
    value goes in the caption), so that nothing depends on colour."""

    id: str
    title: str
    description: str
    width: int
    height: int
    points: list[TrendPoint]
    path: str
    comparator: list[TrendPoint]
    comparator_path: str
    comparator_label: str
    target_y: float | None
    target_text: str
    ticks: list[tuple[float, str]]  # (y, value) of each gridline
    plot_left: int
    plot_right: int


_T_LEFT, _T_RIGHT, _T_TOP, _T_BOTTOM = 36, 8, 22, 26
_T_INSET = 26  # between the scale and the first and last markers, for their printed values
_NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


def _scale(values: list[float], floor: float | None, ceiling: float | None):
    """The scale's ends and step: round numbers around the values, with at most four steps,
    within the unit's bounds (0 to 100 for a percentage)."""
    low, high = min(values), max(values)
    step = next((s for s in _NICE_STEPS if (high - low) / s <= 3), _NICE_STEPS[-1])
    low, high = (low // step) * step, -(-high // step) * step
    if high == low:
        low, high = low - step, high + step
    if floor is not None:
        low = max(low, floor)
    if ceiling is not None:
        high = min(high, ceiling)
    return low, high, step


def _axes(count: int, low: float, high: float, width: int, height: int):
    """Functions giving the x of the i-th period and the y of a value."""
    span = (high - low) or 1
    plot_w, plot_h = width - _T_LEFT - _T_RIGHT, height - _T_TOP - _T_BOTTOM
    inner = plot_w - 2 * _T_INSET
    step = inner / max(count - 1, 1)

    def x(i: int) -> float:
        return round(_T_LEFT + _T_INSET + (i * step if count > 1 else inner / 2), 1)

    def y(value: float) -> float:
        return round(_T_TOP + plot_h - plot_h * (value - low) / span, 1)

    return x, y


def _path(points: list[TrendPoint]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))


def trend_line(
    *,
    id: str,
    title: str,
    periods: Sequence[tuple[str, float, str]],
    comparator: Sequence[float | None] = (),
    comparator_label: str = "",
    target: tuple[float, str] | None = None,
    bounds: tuple[float | None, float | None] = (None, None),
    width: int = 320,
    height: int = 160,
) -> TrendChart:
    """periods: (period label, value, value as printed), oldest first. `comparator` gives a
    value (or None) per period; `target` (value, as printed); `bounds` the unit's limits
    (0 and 100 for a percentage)."""
    values = [value for _, value, _ in periods]
    others = [value for value in comparator if value is not None]
    extra = [target[0]] if target else []
    low, high, tick_step = _scale(values + others + extra or [0], *bounds)
    x, y = _axes(len(periods), low, high, width, height)
    # At most about five periods are labelled, counting back from the latest (always shown);
    # every value is in the table beside the chart.
    every = -(-len(periods) // 5) or 1
    points = [
        TrendPoint(x(i), y(v), label, text, printed=(len(periods) - 1 - i) % every == 0)
        for i, (label, v, text) in enumerate(periods)
    ]
    compared = [
        TrendPoint(x(i), y(v), periods[i][0], "", printed=False)
        for i, v in enumerate(comparator)
        if v is not None and i < len(periods)
    ]
    ticks = []
    tick = low
    while tick <= high:
        ticks.append((y(tick), f"{tick:g}"))
        tick += tick_step
    description = "; ".join(f"{label}: {text}" for label, _, text in periods)
    return TrendChart(
        id=id,
        title=title,
        description=description,
        width=width,
        height=height,
        points=points,
        path=_path(points),
        comparator=compared,
        comparator_path=_path(compared),
        comparator_label=comparator_label,
        target_y=y(target[0]) if target else None,
        target_text=target[1] if target else "",
        ticks=ticks,
        plot_left=_T_LEFT,
        plot_right=width - _T_RIGHT,
    )

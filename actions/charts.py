"""The dashboard's chart of action status over the weeks, drawn by core.charts."""

from __future__ import annotations

from core.charts import ColumnChart, stacked_columns

# Bottom to top: (the ChartWeek attribute, its CSS class, its name in the bar's title).
SERIES = (
    ("complete", "complete", "complete"),
    ("on_track", "on-track", "open, on time"),
    ("overdue", "overdue", "overdue"),
)


def status_chart(weeks) -> ColumnChart:
    """Stacked columns (complete, on track, overdue), one per week (a selectors.ChartWeek)."""
    return stacked_columns(
        [
            (
                f"{week.end:%d %b}",
                [
                    (
                        getattr(week, attribute),
                        css,
                        f"Week to {week.end:%d %b}: {getattr(week, attribute)} {name}",
                    )
                    for attribute, css, name in SERIES
                ],
            )
            for week in weeks
        ]
    )

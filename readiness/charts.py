"""A metric's trend as a small chart (core.charts.trend_line): the organisation's values,
England's for comparison, and the latest target."""

from __future__ import annotations

from core.charts import TrendChart, trend_line
from readiness.numbers import plain
from readiness.selectors.metrics import MetricTrend
from readiness.templatetags.readiness import aim


def _printed(number, percent: bool) -> str:
    return f"{plain(number)}%" if percent else plain(number)


def trend_chart(trend: MetricTrend, *, id: str) -> TrendChart:
    percent = trend.metric.is_percent
    latest = trend.latest
    target = None
    if latest is not None and latest.target is not None:
        printed = _printed(latest.target, percent)
        target = (float(latest.target), f"{aim(latest.target_aim)} {printed}")
    return trend_line(
        id=id,
        title=f"{trend.metric.name}: values by period",
        periods=[
            (value.period_label, float(value.value), _printed(value.value, percent))
            for value in trend.values
        ],
        comparator=[None if v.england is None else float(v.england) for v in trend.values],
        comparator_label="England",
        target=target,
        bounds=(0, 100) if percent else (None, None),
    )

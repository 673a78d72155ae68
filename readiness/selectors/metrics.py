"""Reads for the metrics: each statement's metrics with an organisation's values, the latest and
the one before, the direction of travel, and whether the target is met."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery

from readiness.models import Metric, MetricList, MetricValue
from readiness.numbers import plain


@dataclass
class MetricTrend:
    metric: Metric
    values: list[MetricValue]  # oldest period first
    chart: object = None  # set by the page that draws it (readiness.charts)

    @property
    def latest(self) -> MetricValue | None:
        return self.values[-1] if self.values else None

    @property
    def previous(self) -> MetricValue | None:
        return self.values[-2] if len(self.values) > 1 else None

    @property
    def change(self):
        if self.latest is None or self.previous is None:
            return None
        return self.latest.value - self.previous.value

    @property
    def arrow(self) -> str:
        if self.change is None:
            return ""
        return "↑" if self.change > 0 else "↓" if self.change < 0 else "→"

    @property
    def direction(self) -> str:
        """The direction of travel in words: "Up 2.1 points since 2023-24". Whether up is
        better depends on the metric (and the council's target), so the words do not judge."""
        if self.latest is None:
            return "No value recorded yet"
        if self.previous is None:
            return "First value recorded"
        since = self.previous.period_label
        if self.change == 0:
            return f"No change since {since}"
        unit = " points" if self.metric.is_percent else ""
        way = "Up" if self.change > 0 else "Down"
        return f"{way} {plain(abs(self.change))}{unit} since {since}"


def metric_trends(organisation, metrics) -> list[MetricTrend]:
    """The given metrics (a queryset) with the organisation's values, oldest first (two
    queries)."""
    # Callers pass an organisation the user may see (their views scope it with for_user).
    values = MetricValue.objects.filter(organisation=organisation).order_by("period_start")
    metrics = metrics.prefetch_related(Prefetch("values", queryset=values, to_attr="org_values"))
    return [MetricTrend(metric, list(metric.org_values)) for metric in metrics]


def statement_metrics(organisation, statement) -> list[MetricTrend]:
    """The statement's metrics in CQC's order with the organisation's values (two queries)."""
    return metric_trends(organisation, Metric.objects.filter(statement=statement).in_order())


def metrics_with_latest(organisation):
    """Every metric in CQC's order, annotated with the organisation's latest value and its
    period (`latest_value`, `latest_period`): one query, whatever the number of values."""
    latest = MetricValue.objects.filter(organisation=organisation, metric=OuterRef("pk")).order_by(
        "-period_start"
    )
    return Metric.objects.in_order().annotate(
        latest_value=Subquery(latest.values("value")[:1]),
        latest_period=Subquery(latest.values("period_start")[:1]),
    )


def metric_lists():
    """The loaded lists of metrics, with their source and coverage (one query)."""
    return MetricList.objects.order_by("slug")


def organisation_metric_counts(organisation) -> dict[str, int]:
    """How many metrics are loaded, for how many the organisation has a value, and how many of
    the lists they come from are incomplete (one query)."""
    recorded = MetricValue.objects.filter(organisation=organisation, metric=OuterRef("pk"))
    return Metric.objects.aggregate(
        total=Count("pk"),
        recorded=Count("pk", filter=Q(Exists(recorded))),
        incomplete_lists=Count("metric_list", filter=Q(metric_list__complete=False), distinct=True),
    )

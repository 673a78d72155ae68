"""Writes of metrics: loading the list from its data file; values one at a time (the form) and
their deletion. Imports of values: services/imports.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessment.models import Framework, QualityStatement
from core.concurrency import refuse_duplicates
from core.history import save_if_changed
from readiness import metrics_loader, periods
from readiness.models import Metric, MetricList, MetricValue


def _duplicate_check(value: MetricValue) -> None:
    """A second value for the same organisation, metric and period is refused on the period."""
    taken = MetricValue.objects.filter(
        organisation_id=value.organisation_id,
        metric_id=value.metric_id,
        period_start=value.period_start,
    ).exclude(pk=value.pk)
    if taken.exists():
        raise ValidationError(
            {
                "period_start": ValidationError(
                    "%(metric)s already has a value for %(period)s: edit that one instead.",
                    code="period_taken",
                    params={"metric": value.metric, "period": periods.label(value.period_start)},
                )
            }
        )


@transaction.atomic
def save_metric_value(*, value: MetricValue, user) -> MetricValue:
    """Save a new or edited value (a form's instance): a percentage within 0-100, a period that
    has started, one value per organisation, metric and period. An edit that changes nothing
    records nothing."""
    perm = "readiness.change_metricvalue" if value.pk else "readiness.add_metricvalue"
    if not user.has_perm(perm, value.organisation):
        raise PermissionDenied("You may not record metric values.")
    value.full_clean(validate_unique=False, validate_constraints=False)
    _duplicate_check(value)
    if value.pk is None:
        value.entered_by = user
        with refuse_duplicates(lambda: _duplicate_check(value)):
            value.save()
        return value
    # Who edited it is in its history; entered_by stays the person who first recorded it.
    current = MetricValue.objects.select_for_update().get(pk=value.pk)
    with refuse_duplicates(lambda: _duplicate_check(value)):
        save_if_changed(value, current)
    return value


@transaction.atomic
def delete_metric_value(*, value: MetricValue, user) -> None:
    """Remove a value recorded by mistake (managers); its history keeps it."""
    if not user.has_perm("readiness.delete_metricvalue", value):
        raise PermissionDenied("Only managers may delete metric values.")
    value.delete()


@transaction.atomic
def load_metrics_file(path) -> MetricList:
    """Load (or update) a list of metrics from its data file; nothing is saved if any entry
    is wrong (the error names it)."""
    spec = metrics_loader.read_metrics_file(path)
    return metrics_loader.save_metrics(
        spec,
        framework_model=Framework,
        statement_model=QualityStatement,
        list_model=MetricList,
        metric_model=Metric,
    )

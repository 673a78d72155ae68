"""The metrics CQC looks at, as published (data, like the framework), and each council's values.

MetricList is one published list (its source and date, and how much of it is loaded);
Metric is one of its metrics under a quality statement and evidence category, in CQC's exact
wording. MetricValue is one organisation's value of one metric for one period (a financial
year), with an optional target and comparators (England, region).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessment.models import Framework, Organisation, QualityStatement
from findings.models import Finding
from readiness import periods
from readiness.models.scoping import ScopedQuerySet
from readiness.numbers import plain


class MetricList(models.Model):
    """A published list of metrics, loaded from a data file (readiness/metrics_loader.py)."""

    slug = models.SlugField(max_length=80, unique=True)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="metric_lists")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500)
    page_date = models.CharField(
        max_length=100, help_text='As the page prints it: "Page last updated: 8 December 2023".'
    )
    retrieved = models.DateField(help_text="When the list was copied from the page.")
    licence = models.TextField(blank=True)
    complete = models.BooleanField(
        default=False, help_text="Whether every statement's metrics are loaded."
    )
    # [{"statement": title, "metrics": n, "complete": bool, "note": text}], from the file.
    coverage = models.JSONField(default=list, blank=True)
    not_loaded = models.JSONField(
        default=list, blank=True, help_text="Statements whose metrics are not loaded yet."
    )
    notes = models.TextField(blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


class MetricQuerySet(models.QuerySet):
    def in_order(self):
        """As published: by statement (framework order), then the list's order."""
        return self.select_related("statement__theme", "metric_list").order_by(
            "statement__order", "order", "pk"
        )


class Metric(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "percent", "Percentage"
        NUMBER = "number", "Number"

    metric_list = models.ForeignKey(MetricList, on_delete=models.CASCADE, related_name="metrics")
    statement = models.ForeignKey(
        QualityStatement, on_delete=models.PROTECT, related_name="metrics"
    )
    order = models.PositiveIntegerField(help_text="Position in the published list, from 1.")
    evidence_category = models.CharField(max_length=20, choices=Finding.EvidenceCategory)
    name = models.CharField(max_length=500, help_text="CQC's wording, exactly.")
    source = models.CharField(max_length=200, help_text="The data source, as the list prints it.")
    source_full = models.CharField(
        max_length=200, help_text="The data source's full name (values are compared by it)."
    )
    unit = models.CharField(max_length=10, choices=Unit, default=Unit.PERCENT)

    objects = MetricQuerySet.as_manager()

    class Meta:
        ordering = ["statement__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric_list", "statement", "name"], name="metric_unique_name"
            ),
        ]
        indexes = [models.Index(fields=["statement", "order"], name="metric_statement_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_percent(self) -> bool:
        return self.unit == self.Unit.PERCENT


class MetricValueQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"

    def for_list(self):
        return self.select_related("metric", "organisation", "entered_by").order_by(
            "-period_start", "-pk"
        )


class MetricValue(models.Model):
    """One organisation's value of one metric for one period (a financial year)."""

    class Aim(models.TextChoices):
        AT_LEAST = "at_least", "At least the target (higher is better)"
        AT_MOST = "at_most", "At most the target (lower is better)"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="metric_values"
    )
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="values")
    period_start = models.DateField(
        help_text="The first day of the period (1 April of the financial year)."
    )
    value = models.DecimalField(max_digits=12, decimal_places=2)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target_aim = models.CharField(
        max_length=10,
        choices=Aim,
        default=Aim.AT_LEAST,
        help_text="Whether the target is met at or above it, or at or below it.",
    )
    england = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name="England",
        help_text="The value for England, to compare with (optional).",
    )
    region = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The value for the region, to compare with (optional).",
    )
    source_note = models.CharField(
        max_length=500, blank=True, help_text="Where the value comes from, e.g. the release."
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = MetricValueQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "metric", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "metric", "period_start"],
                name="metric_value_unique_period",
            ),
            models.CheckConstraint(
                condition=Q(target_aim__in=["at_least", "at_most"]),
                name="metric_value_aim_valid",
            ),
        ]
        indexes = [
            # The latest value of each metric, and of each source (readiness checks).
            models.Index(
                F("organisation"), F("metric"), F("period_start").desc(), name="metric_value_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.value} ({self.period_label})"

    def get_absolute_url(self) -> str:
        return reverse("readiness:metric-detail", args=[self.organisation_id, self.metric_id])

    @property
    def period_label(self) -> str:
        return periods.label(self.period_start)

    @property
    def target_met(self) -> bool | None:
        """Whether the value meets its target (None without a target)."""
        if self.target is None:
            return None
        if self.target_aim == self.Aim.AT_MOST:
            return self.value <= self.target
        return self.value >= self.target

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if self.period_start is not None:
            try:
                periods.check_start(self.period_start)
            except ValidationError as error:
                errors.setdefault("period_start", []).append(error)
        if self.metric_id is not None and self.metric.is_percent:
            for name in ("value", "target", "england", "region"):
                number = getattr(self, name)
                if number is not None and not 0 <= number <= 100:
                    errors.setdefault(name, []).append(percent_error(number))
        if errors:
            raise ValidationError(errors)


def percent_error(number) -> ValidationError:
    return ValidationError(
        "%(value)s is not a percentage: enter a number from 0 to 100.",
        code="percent_range",
        params={"value": plain(number)},
    )

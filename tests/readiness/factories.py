"""Factories for the readiness app: self-assessments and metric values."""

import datetime
from decimal import Decimal

import factory

from readiness.models import Metric, MetricValue, StatementSelfAssessment


class StatementSelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementSelfAssessment

    score = 3
    narrative = "We know where we stand."


class MetricValueFactory(factory.django.DjangoModelFactory):
    """A value of a metric for a financial year (written straight to the table: tests of the
    rules go through the services)."""

    class Meta:
        model = MetricValue

    metric = factory.LazyFunction(lambda: Metric.objects.order_by("pk").first())
    period_start = factory.Sequence(lambda n: datetime.date(2024 - n % 30, 4, 1))
    value = Decimal("64.3")


def value_for(organisation, metric, year: int, value, **extra) -> MetricValue:
    return MetricValueFactory(
        organisation=organisation,
        metric=metric,
        period_start=datetime.date(year, 4, 1),
        value=Decimal(str(value)),
        **extra,
    )

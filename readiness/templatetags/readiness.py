"""How metric values are printed: "64.3%" for a percentage, "1,204" otherwise; an aim in words."""

from django import template

from readiness import periods
from readiness.models import MetricValue
from readiness.numbers import plain

register = template.Library()


@register.filter
def metric(number, metric) -> str:
    """A value of `metric` as printed: no trailing zeros, a % for percentages; "" for none."""
    if number is None or number == "":
        return ""
    text = plain(number)
    return f"{text}%" if metric.is_percent else text


@register.filter
def aim(value: str) -> str:
    """ "at least" or "at most"."""
    return "at most" if value == MetricValue.Aim.AT_MOST else "at least"


@register.filter
def period(start) -> str:
    """The period starting on `start`, as "2024-25"."""
    return periods.label(start) if start else ""

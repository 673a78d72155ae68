"""Sane bounds for the dates people type or import: one rule, on the model fields.

A model field's validators run in full_clean(), which every form (ModelForm), every service
and the complaints import call, so a date is checked the same way wherever it comes from.
A date like 31 Dec 9999 once got in through the form and the import, and the annual report
(which adds a year to the latest) then failed for every user.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

EARLIEST_DATE = datetime.date(1990, 1, 1)


def _display(date: datetime.date) -> str:
    return f"{date.day} {date:%b %Y}"


@deconstructible
class DateBounds:
    """From EARLIEST_DATE to `days_ahead` days after today (0: not in the future)."""

    def __init__(self, days_ahead: int = 0):
        self.days_ahead = days_ahead

    def latest(self) -> datetime.date:
        return timezone.localdate() + datetime.timedelta(days=self.days_ahead)

    def __call__(self, value: datetime.date) -> None:
        if value is None:
            return
        latest = self.latest()
        if EARLIEST_DATE <= value <= latest:
            return
        until = "today" if self.days_ahead == 0 else _display(latest)
        raise ValidationError(
            "%(value)s is out of range: enter a date from %(earliest)s to %(until)s.",
            code="date_out_of_range",
            params={
                "value": _display(value),
                "earliest": _display(EARLIEST_DATE),
                "until": until,
            },
        )

    def __eq__(self, other) -> bool:
        return isinstance(other, DateBounds) and other.days_ahead == self.days_ahead

    def __hash__(self) -> int:
        return hash(self.days_ahead)


# What happened: received, acknowledged, responded, progress, a review.
not_in_future = DateBounds(days_ahead=0)
# What is planned or agreed, or a document's date: up to a year ahead.
within_a_year = DateBounds(days_ahead=366)
# When an action is due: improvement plans run for years, but not decades.
within_ten_years = DateBounds(days_ahead=3653)

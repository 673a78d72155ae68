"""Periods of the metrics' values: financial years (1 April to 31 March), as the Adult Social
Care Survey, the Survey of Adult Carers in England and ASCFR-SALT report them.

A period is written "2024-25" (also accepted: "2024/25", "2024-2025", "2024/2025") and stored
as its first day, 1 April 2024. A period that has not started yet is refused.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST_YEAR = 1990
_PERIOD = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*$")
EXAMPLE = "2024-25"


def label(start: datetime.date) -> str:
    """ "2024-25" for the year starting 1 April 2024."""
    return f"{start.year}-{(start.year + 1) % 100:02d}"


def end_of(start: datetime.date) -> datetime.date:
    return datetime.date(start.year + 1, 3, 31)


def check_start(start: datetime.date) -> None:
    """Refuse a period that is not a financial year, is before 1990 or has not started."""
    if (start.month, start.day) != (4, 1):
        raise ValidationError(
            "A period starts on 1 April (a financial year such as %(example)s).",
            code="period_start",
            params={"example": EXAMPLE},
        )
    if start.year < EARLIEST_YEAR:
        raise ValidationError(
            "%(period)s is too early: periods start from %(earliest)s.",
            code="period_too_early",
            params={"period": label(start), "earliest": label(datetime.date(EARLIEST_YEAR, 4, 1))},
        )
    if start > timezone.localdate():
        raise ValidationError(
            "%(period)s is in the future: it starts on %(day)s.",
            code="period_future",
            params={"period": label(start), "day": f"{start.day} {start:%B %Y}"},
        )


def parse(text) -> datetime.date:
    """The first day of the period written `text` ("2024-25"), checked; ValidationError says
    what is wrong in words."""
    match = _PERIOD.match(str(text or ""))
    if not match:
        raise ValidationError(
            "“%(text)s” is not a period: write a financial year as %(example)s.",
            code="period_format",
            params={"text": str(text or "").strip(), "example": EXAMPLE},
        )
    first, second = match.groups()
    year = int(first)
    follows = int(second) == (year + 1 if len(second) == 4 else (year + 1) % 100)
    if not follows:
        raise ValidationError(
            "“%(text)s” is not a financial year: the second year must follow the first "
            "(e.g. %(example)s).",
            code="period_years",
            params={"text": str(text).strip(), "example": EXAMPLE},
        )
    # date() has no year 0; check_start refuses "0000-01" as too early all the same.
    start = datetime.date(max(year, 1), 4, 1)
    check_start(start)
    return start

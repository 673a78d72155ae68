"""The bank holidays the acknowledgement clock skips: England's, from the `holidays` package,
filled into the BankHoliday table a calendar year at a time.

The clock (complaints.models.clock.WorkingDaysBetween) counts the rows of that table, so it must
hold every year a complaint's dates fall in. Three things see to it:

- migration 0005 fills every year from the earliest date a complaint may have (1990) to
  YEARS_AHEAD years after the current one;
- every write of complaints (the service behind the form, the import, the admin, the demo and
  the generated data) first fills the years of its dates that are not filled yet
  (`ensure_years`), so the clock keeps counting in any year, however long after the migration;
- `manage.py sync_bank_holidays --years 2020-2035` fills years by hand.

Each filled year is recorded (BankHolidayYear), and filling leaves a recorded year alone: what
an administrator changed in it (a local holiday added, a bank holiday removed or renamed) stays,
until someone asks for the year to be replaced (`--replace`), which puts back exactly the
package's days.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import holidays
from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from complaints.models import BankHolidayYear
from core.validators import EARLIEST_DATE

FIRST_YEAR = EARLIEST_DATE.year
YEARS_AHEAD = 10
# The `holidays` package has the rules of any year; a typed year beyond this is a typing error.
LAST_YEAR = 2200


def default_years(today: datetime.date | None = None) -> range:
    """The years the migration fills: FIRST_YEAR to YEARS_AHEAD years after today's."""
    today = today or timezone.localdate()
    return range(FIRST_YEAR, today.year + YEARS_AHEAD + 1)


def england_bank_holidays(years: Iterable[int]) -> dict[datetime.date, str]:
    """England's bank holidays in `years`: the days off, so a holiday on a weekend gives way to
    its substitute day, named as gov.uk names it ("Boxing Day (substitute day)")."""
    found = holidays.country_holidays("GB", subdiv="ENG", years=list(years))
    return {
        day: name.replace("(observed)", "(substitute day)")[:100]
        for day, name in sorted(found.items())
        if day.isoweekday() <= 5
    }


def fill_years(years: Iterable[int], *, replace: bool = False, apps=django_apps) -> list[int]:
    """Fill each year of `years` that is not filled yet (with `replace`, every one: its days are
    then exactly the package's again); return the years filled. A day an administrator added to
    a year before it was filled stays (with its name). `apps`: a migration's historical apps."""
    bank_holiday = apps.get_model("complaints", "BankHoliday")
    filled_year = apps.get_model("complaints", "BankHolidayYear")
    done = []
    for year in sorted(set(years)):
        with transaction.atomic():
            record, created = filled_year.objects.get_or_create(year=year)
            if not (created or replace):
                continue
            days = england_bank_holidays([year])
            if replace:
                bank_holiday.objects.filter(date__year=year).exclude(date__in=days).delete()
                record.filled_at = timezone.now()
                record.save(update_fields=["filled_at"])
            # ignore_conflicts: a day already there keeps its row; with `replace`, it takes
            # the package's name below.
            bank_holiday.objects.bulk_create(
                [bank_holiday(date=day, name=name) for day, name in days.items()],
                ignore_conflicts=True,
            )
            if replace:
                for day, name in days.items():
                    bank_holiday.objects.filter(date=day).exclude(name=name).update(name=name)
            done.append(year)
    return done


def ensure_years(years: Iterable[int]) -> list[int]:
    """Fill the years of `years` not filled yet (1 query when all are); return those filled.
    Called before complaints are written, so the clock never reaches a year without its bank
    holidays."""
    wanted = set(years)
    missing = wanted - set(
        BankHolidayYear.objects.filter(year__in=wanted).values_list("year", flat=True)
    )
    return fill_years(missing) if missing else []


def ensure_dates(dates: Iterable[datetime.date | None]) -> list[int]:
    """ensure_years for the years of `dates` (None ignored)."""
    return ensure_years({date.year for date in dates if date is not None})

"""The statutory clock: financial years, calendar and working days counted by the database, and
the bank holidays it skips.

The working-day count reads the BankHoliday table, which complaints.bank_holidays fills from
the `holidays` package (England) a year at a time; see that module for why a year is filled
once and how the table never runs out.
"""

import datetime

from django.db import models
from django.db.models import F, Func, IntegerField
from django.utils import timezone

from core.validators import EARLIEST_DATE

# The statutory acknowledgement deadline (Local Authority Social Services and NHS Complaints
# (England) Regulations 2009, regulation 13): three working days after the day of receipt.
ACKNOWLEDGE_WITHIN_WORKING_DAYS = 3


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of financial year `year`: 1 April `year` to 31 March `year + 1`."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def financial_year_label(year: int) -> str:
    """'2023/24' for the year from 1 April 2023 to 31 March 2024."""
    return f"{year}/{(year + 1) % 100:02d}"


def display_date(date: datetime.date) -> str:
    """The one date format of the complaint pages and messages: '23 Feb 2024' (Django "j M Y")."""
    return f"{date.day} {date:%b %Y}"


def financial_year_of(date: datetime.date) -> int:
    return date.year if date.month >= 4 else date.year - 1


def report_years(today: datetime.date | None = None) -> range:
    """The financial years a report may be asked for: from the one holding the earliest date
    a complaint may have to the one after the current year."""
    today = today or timezone.localdate()
    return range(financial_year_of(EARLIEST_DATE), financial_year_of(today) + 2)


class DaysBetween(Func):
    """Whole calendar days from the first date to the second (end - start), as an integer.

    Django's own date subtraction gives a duration whose SQL differs per backend; we need an
    integer usable in filters, ordering and aggregates on PostgreSQL and SQLite alike.
    """

    arity = 2
    output_field = IntegerField()

    def _compile(self, compiler, template):
        start, end = self.get_source_expressions()
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        return template.format(start=start_sql, end=end_sql), (*start_params, *end_params)

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL (and standard SQL dates): date - date is an integer number of days.
        return self._compile(compiler, "({end} - {start})")

    def as_sqlite(self, compiler, connection, **extra_context):
        return self._compile(compiler, "CAST(julianday({end}) - julianday({start}) AS INTEGER)")


class WorkingDaysBetween(Func):
    """Working days after the first date column, up to and including the second: Monday to
    Friday, less the bank holidays on weekdays in that span (BankHoliday table).

    Days are numbered from the Monday on or before the start, so the start sits at position
    (ISO weekday - 1); weekdays before position p are (p / 7) * 5 + LEAST(p % 7, 5), in integer
    arithmetic that PostgreSQL and SQLite evaluate identically.

    Written as one SQL template rather than a tree of Django expressions: the tree had
    hundreds of nodes, and compiling it cost the complaints list 20 ms per request.
    """

    arity = 2
    output_field = IntegerField()

    def _working_days_sql(self, compiler, connection, *, isodow, least):
        start, end = self.get_source_expressions()
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        span, span_params = compiler.compile(DaysBetween(start, end))
        if start_params or end_params or span_params:
            raise ValueError("WorkingDaysBetween takes two date columns, not values")

        def weekdays_before(position: str) -> str:
            # "%%": the statement goes through parameter substitution, where % is special.
            return f"((({position}) / 7) * 5 + {least}(({position}) %% 7, 5))"

        offset = f"({isodow(start_sql)} - 1)"
        holiday_table = connection.ops.quote_name(BankHoliday._meta.db_table)
        holiday_date = f"bh.{connection.ops.quote_name('date')}"
        holidays = (
            f"(SELECT COUNT(*) FROM {holiday_table} bh WHERE {holiday_date} > {start_sql}"
            f" AND {holiday_date} <= {end_sql} AND {isodow(holiday_date)} <= 5)"
        )
        sql = (
            f"({weekdays_before(f'{offset} + {span} + 1')}"
            f" - {weekdays_before(f'{offset} + 1')} - {holidays})"
        )
        return sql, ()

    def as_sql(self, compiler, connection, **extra_context):
        return self._working_days_sql(
            compiler,
            connection,
            isodow=lambda date: f"CAST(EXTRACT(ISODOW FROM {date}) AS integer)",
            least="LEAST",
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self._working_days_sql(
            compiler,
            connection,
            # strftime('%w'): 0 = Sunday .. 6 = Saturday; ISO: 1 = Monday .. 7 = Sunday.
            isodow=lambda date: f"((CAST(strftime('%%w', {date}) AS INTEGER) + 6) %% 7 + 1)",
            least="MIN",
        )


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day `days` working days after `start` (weekends and the BankHoliday table's days
    skipped), as the clock counts them: working_days_between(start, result) == days. One
    query. The caller sees to it that the years are filled (bank_holidays.ensure_dates)."""
    # A span this long holds `days` working days, whatever the holidays in it.
    last = start + datetime.timedelta(days=days * 2 + 14)
    holidays = set(
        BankHoliday.objects.filter(date__gt=start, date__lte=last).values_list("date", flat=True)
    )
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if day.isoweekday() <= 5 and day not in holidays:
            left -= 1
    return day


def working_days_between(start: str, end: str) -> WorkingDaysBetween:
    """Working days after the `start` column, up to and including the `end` column."""
    return WorkingDaysBetween(F(start), F(end))


class BankHoliday(models.Model):
    """A day the acknowledgement clock does not count: a bank holiday in England (filled from
    the `holidays` package) or a local holiday an administrator added."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({display_date(self.date)})"


class BankHolidayYear(models.Model):
    """A calendar year whose bank holidays are in the BankHoliday table. Filling skips such a
    year (unless told to replace it), so what an administrator changed in it stays."""

    year = models.PositiveSmallIntegerField(unique=True)
    filled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year"]
        verbose_name = "bank holiday year filled"
        verbose_name_plural = "bank holiday years filled"

    def __str__(self) -> str:
        return str(self.year)

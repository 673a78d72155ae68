import re

from django.core.management.base import BaseCommand, CommandError

from complaints.bank_holidays import FIRST_YEAR, LAST_YEAR, default_years, fill_years
from complaints.models import BankHoliday, BankHolidayYear

YEARS = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


def parse_years(text: str) -> range:
    """ "2020-2035" or "2028" as a range of years, or CommandError saying what is wrong."""
    match = YEARS.match(text or "")
    if not match:
        raise CommandError(
            f"--years “{text}” is not a year or a range of years: write e.g. 2028 or 2020-2035."
        )
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise CommandError(f"--years {text}: the first year comes after the last.")
    if first < FIRST_YEAR or last > LAST_YEAR:
        raise CommandError(f"--years {text}: give years from {FIRST_YEAR} to {LAST_YEAR}.")
    return range(first, last + 1)


def span(years) -> str:
    """2020, 2021, 2022, 2025 as "2020-2022, 2025"."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


class Command(BaseCommand):
    help = (
        "Fill the bank holidays the complaints clock skips (England, from the holidays "
        "package) for the years not filled yet. A filled year is left as it is, with any day "
        "an administrator added or removed, unless --replace is given."
    )

    def add_arguments(self, parser):
        years = default_years()
        parser.add_argument(
            "--years",
            help=f"A year or a range, e.g. 2028 or 2020-2035 (default {years[0]}-{years[-1]}).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Refill the years from the package even if already filled: local changes "
            "in those years are lost.",
        )

    def handle(self, *args, years, replace, **options):
        wanted = parse_years(years) if years else default_years()
        filled = fill_years(wanted, replace=replace)
        if filled:
            count = BankHoliday.objects.filter(date__year__in=filled).count()
            verb = "Replaced" if replace else "Filled"
            self.stdout.write(
                self.style.SUCCESS(f"{verb} {span(filled)}: {count} bank holidays on weekdays.")
            )
        kept = sorted(set(wanted) - set(filled))
        if kept:
            self.stdout.write(
                f"Already filled, left as they are: {span(kept)} (--replace to refill them)."
            )
        total = BankHolidayYear.objects.count()
        self.stdout.write(f"{total} years are filled.")

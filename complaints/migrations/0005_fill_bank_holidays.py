"""Fill the bank holidays from the `holidays` package (England) for every year a complaint may
fall in, from 1990 to ten years after this one (complaints/bank_holidays.py), so the clock no
longer stops counting them after 2027.

2022 to 2027 were loaded in full from gov.uk by findings 0003: where they still have days, they
are recorded as filled as they are, so a day an administrator removed since stays removed. The
other years get the package's days, beside any day an administrator added there."""

from django.db import migrations

from complaints.bank_holidays import default_years, fill_years

LOADED_FROM_GOV_UK = range(2022, 2028)


def fill(apps, schema_editor):
    bank_holiday = apps.get_model("complaints", "BankHoliday")
    filled_year = apps.get_model("complaints", "BankHolidayYear")
    for day in bank_holiday.objects.dates("date", "year"):
        if day.year in LOADED_FROM_GOV_UK:
            filled_year.objects.get_or_create(year=day.year)
    fill_years(default_years(), apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0004_bankholidayyear"),
    ]

    operations = [
        # Backwards: the days stay (harmless, and an administrator's among them are kept).
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

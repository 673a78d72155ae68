"""Fill the bank holidays from the `holidays` package (England) for every year a complaint may
fall in, from 1990 to ten years after this one (complaints/bank_holidays.py), so the clock no
longer stops counting them after 2027.

A year that already has bank holidays (2022 to 2027, loaded by findings 0003 from gov.uk, or
edited by an administrator since) is recorded as filled as it is: its days stay."""

from django.db import migrations

from complaints.bank_holidays import default_years, fill_years


def fill(apps, schema_editor):
    bank_holiday = apps.get_model("complaints", "BankHoliday")
    filled_year = apps.get_model("complaints", "BankHolidayYear")
    for kept in bank_holiday.objects.dates("date", "year"):
        filled_year.objects.get_or_create(year=kept.year)
    fill_years(default_years(), apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0004_bankholidayyear"),
    ]

    operations = [
        # Backwards: the days stay (harmless, and an administrator's among them are kept).
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

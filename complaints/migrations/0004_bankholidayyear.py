"""The record of which years' bank holidays are filled (see complaints/bank_holidays.py)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0003_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="BankHolidayYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(unique=True)),
                ("filled_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "bank holiday year filled",
                "verbose_name_plural": "bank holiday years filled",
                "ordering": ["year"],
            },
        ),
    ]

"""Complaint clock: bank holidays (England, 2022-2027), date-order and outcome constraints, and
indexes for the complaint filters (partial index on open complaints by due date)."""

import datetime

from django.db import migrations, models

# England and Wales bank holidays (gov.uk), substitutes included.
BANK_HOLIDAYS = [
    ("2022-01-03", "New Year's Day (substitute day)"),
    ("2022-04-15", "Good Friday"),
    ("2022-04-18", "Easter Monday"),
    ("2022-05-02", "Early May bank holiday"),
    ("2022-06-02", "Spring bank holiday"),
    ("2022-06-03", "Platinum Jubilee bank holiday"),
    ("2022-08-29", "Summer bank holiday"),
    ("2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II"),
    ("2022-12-26", "Boxing Day"),
    ("2022-12-27", "Christmas Day (substitute day)"),
    ("2023-01-02", "New Year's Day (substitute day)"),
    ("2023-04-07", "Good Friday"),
    ("2023-04-10", "Easter Monday"),
    ("2023-05-01", "Early May bank holiday"),
    ("2023-05-08", "Bank holiday for the coronation of King Charles III"),
    ("2023-05-29", "Spring bank holiday"),
    ("2023-08-28", "Summer bank holiday"),
    ("2023-12-25", "Christmas Day"),
    ("2023-12-26", "Boxing Day"),
    ("2024-01-01", "New Year's Day"),
    ("2024-03-29", "Good Friday"),
    ("2024-04-01", "Easter Monday"),
    ("2024-05-06", "Early May bank holiday"),
    ("2024-05-27", "Spring bank holiday"),
    ("2024-08-26", "Summer bank holiday"),
    ("2024-12-25", "Christmas Day"),
    ("2024-12-26", "Boxing Day"),
    ("2025-01-01", "New Year's Day"),
    ("2025-04-18", "Good Friday"),
    ("2025-04-21", "Easter Monday"),
    ("2025-05-05", "Early May bank holiday"),
    ("2025-05-26", "Spring bank holiday"),
    ("2025-08-25", "Summer bank holiday"),
    ("2025-12-25", "Christmas Day"),
    ("2025-12-26", "Boxing Day"),
    ("2026-01-01", "New Year's Day"),
    ("2026-04-03", "Good Friday"),
    ("2026-04-06", "Easter Monday"),
    ("2026-05-04", "Early May bank holiday"),
    ("2026-05-25", "Spring bank holiday"),
    ("2026-08-31", "Summer bank holiday"),
    ("2026-12-25", "Christmas Day"),
    ("2026-12-28", "Boxing Day (substitute day)"),
    ("2027-01-01", "New Year's Day"),
    ("2027-03-26", "Good Friday"),
    ("2027-03-29", "Easter Monday"),
    ("2027-05-03", "Early May bank holiday"),
    ("2027-05-31", "Spring bank holiday"),
    ("2027-08-30", "Summer bank holiday"),
    ("2027-12-27", "Christmas Day (substitute day)"),
    ("2027-12-28", "Boxing Day (substitute day)"),
]


def load_bank_holidays(apps, schema_editor):
    bank_holiday = apps.get_model("findings", "BankHoliday")
    for iso, name in BANK_HOLIDAYS:
        bank_holiday.objects.get_or_create(
            date=datetime.date.fromisoformat(iso), defaults={"name": name}
        )


def unload_bank_holidays(apps, schema_editor):
    apps.get_model("findings", "BankHoliday").objects.filter(
        date__in=[datetime.date.fromisoformat(iso) for iso, _ in BANK_HOLIDAYS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0003_roles"),
        ("findings", "0002_search_index_and_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="BankHoliday",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(unique=True)),
                ("name", models.CharField(max_length=100)),
            ],
            options={
                "ordering": ["date"],
            },
        ),
        migrations.AlterField(
            model_name="complaint",
            name="date_acknowledged",
            field=models.DateField(
                blank=True, help_text="Due within 3 working days of receipt.", null=True
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="lgsco_decision",
            field=models.CharField(
                blank=True,
                choices=[
                    ("upheld", "Upheld: fault found"),
                    ("upheld_no_injustice", "Upheld: fault, no injustice"),
                    ("not_upheld", "Not upheld: no fault"),
                    ("not_investigated", "Not investigated"),
                    ("premature", "Referred back for local resolution"),
                    ("closed_after_enquiries", "Closed after initial enquiries"),
                ],
                help_text="Only once the Ombudsman has decided.",
                max_length=30,
                verbose_name="LGSCO decision",
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("upheld", "Upheld"),
                    ("partly_upheld", "Partly upheld"),
                    ("not_upheld", "Not upheld"),
                    ("withdrawn", "Withdrawn"),
                ],
                help_text="Required once the complaint is responded to or closed.",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="response_due",
            field=models.DateField(
                blank=True,
                help_text="The date agreed with the complainant for the response.",
                null=True,
                verbose_name="agreed response date",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcomplaint",
            name="date_acknowledged",
            field=models.DateField(
                blank=True, help_text="Due within 3 working days of receipt.", null=True
            ),
        ),
        migrations.AlterField(
            model_name="historicalcomplaint",
            name="lgsco_decision",
            field=models.CharField(
                blank=True,
                choices=[
                    ("upheld", "Upheld: fault found"),
                    ("upheld_no_injustice", "Upheld: fault, no injustice"),
                    ("not_upheld", "Not upheld: no fault"),
                    ("not_investigated", "Not investigated"),
                    ("premature", "Referred back for local resolution"),
                    ("closed_after_enquiries", "Closed after initial enquiries"),
                ],
                help_text="Only once the Ombudsman has decided.",
                max_length=30,
                verbose_name="LGSCO decision",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcomplaint",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("upheld", "Upheld"),
                    ("partly_upheld", "Partly upheld"),
                    ("not_upheld", "Not upheld"),
                    ("withdrawn", "Withdrawn"),
                ],
                help_text="Required once the complaint is responded to or closed.",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="historicalcomplaint",
            name="response_due",
            field=models.DateField(
                blank=True,
                help_text="The date agreed with the complainant for the response.",
                null=True,
                verbose_name="agreed response date",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["organisation", "response_due"],
                name="complaint_open_due_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                fields=["organisation", "outcome"], name="complaint_org_outcome_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("date_acknowledged__isnull", True),
                    ("date_acknowledged__gte", models.F("date_received")),
                    _connector="OR",
                ),
                name="complaint_acknowledged_after_received",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("date_responded__isnull", True),
                    ("date_responded__gte", models.F("date_received")),
                    _connector="OR",
                ),
                name="complaint_responded_after_received",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("response_due__isnull", True),
                    ("response_due__gte", models.F("date_received")),
                    _connector="OR",
                ),
                name="complaint_due_after_received",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "open"), models.Q(("outcome", ""), _negated=True), _connector="OR"
                ),
                name="complaint_outcome_when_responded",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("lgsco_status", "decided"), ("lgsco_decision", ""), _connector="OR"
                ),
                name="complaint_lgsco_decision_when_decided",
            ),
        ),
        migrations.RunPython(load_bank_holidays, unload_bank_holidays),
    ]

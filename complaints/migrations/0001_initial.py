"""The complaints models move here from the findings app, their rows untouched.

State only: the models take over the findings app's tables as they are (db_table); 0002 renames
the tables and moves the content types.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import core.validators


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("assessment", "0006_statementscore_version"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The tables were made by the findings app's migrations, up to this one.
        ("findings", "0007_unique_positions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BankHoliday",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(unique=True)),
                        ("name", models.CharField(max_length=100)),
                    ],
                    options={
                        "db_table": "findings_bankholiday",
                        "ordering": ["date"],
                    },
                ),
                migrations.CreateModel(
                    name="ComplaintCategory",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        (
                            "active",
                            models.BooleanField(
                                default=True, help_text="Inactive names stay on old records."
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="assessment.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "findings_complaintcategory",
                        "verbose_name_plural": "complaint categories",
                        "ordering": ["organisation", "name"],
                        "abstract": False,
                        "default_related_name": "complaint_categories",
                    },
                ),
                migrations.CreateModel(
                    name="ServiceArea",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        (
                            "active",
                            models.BooleanField(
                                default=True, help_text="Inactive names stay on old records."
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="assessment.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "findings_servicearea",
                        "ordering": ["organisation", "name"],
                        "abstract": False,
                        "default_related_name": "service_areas",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalComplaint",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "reference",
                            models.CharField(
                                help_text="Unique within the organisation.", max_length=50
                            ),
                        ),
                        (
                            "date_received",
                            models.DateField(validators=[core.validators.DateBounds(days_ahead=0)]),
                        ),
                        (
                            "date_acknowledged",
                            models.DateField(
                                blank=True,
                                help_text="Due within 3 working days of receipt.",
                                null=True,
                                validators=[core.validators.DateBounds(days_ahead=0)],
                            ),
                        ),
                        (
                            "response_due",
                            models.DateField(
                                blank=True,
                                help_text="The date agreed with the complainant for the response.",
                                null=True,
                                validators=[core.validators.DateBounds(days_ahead=366)],
                                verbose_name="agreed response date",
                            ),
                        ),
                        (
                            "date_responded",
                            models.DateField(
                                blank=True,
                                null=True,
                                validators=[core.validators.DateBounds(days_ahead=0)],
                            ),
                        ),
                        (
                            "relationship",
                            models.CharField(
                                choices=[
                                    ("person", "The person"),
                                    ("family", "Family member"),
                                    ("carer", "Carer"),
                                    ("advocate", "Advocate"),
                                    ("professional", "Professional"),
                                    ("other", "Other"),
                                ],
                                default="person",
                                max_length=20,
                                verbose_name="complainant's relationship to the person",
                            ),
                        ),
                        (
                            "procedure",
                            models.CharField(
                                choices=[("statutory", "Statutory"), ("corporate", "Corporate")],
                                default="statutory",
                                max_length=20,
                            ),
                        ),
                        ("investigating_officer", models.CharField(blank=True, max_length=200)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "Open"),
                                    ("responded", "Responded"),
                                    ("closed", "Closed"),
                                ],
                                default="open",
                                max_length=20,
                            ),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("upheld", "Upheld"),
                                    ("partly_upheld", "Partly upheld"),
                                    ("not_upheld", "Not upheld"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                help_text="Required once the complaint is responded to. A complaint closed without a decision (not investigated, e.g. made out of time or without the person's consent) has none.",
                                max_length=20,
                            ),
                        ),
                        ("summary", models.TextField(blank=True)),
                        (
                            "learning",
                            models.TextField(blank=True, verbose_name="learning identified"),
                        ),
                        (
                            "lgsco_status",
                            models.CharField(
                                choices=[
                                    ("none", "Not referred"),
                                    ("referred", "Referred"),
                                    ("decided", "Decided"),
                                ],
                                default="none",
                                max_length=20,
                                verbose_name="LGSCO referral",
                            ),
                        ),
                        (
                            "lgsco_decision",
                            models.CharField(
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
                        ("created_at", models.DateTimeField(blank=True, editable=False)),
                        ("updated_at", models.DateTimeField(blank=True, editable=False)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "category",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="complaints.complaintcategory",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="assessment.organisation",
                            ),
                        ),
                        (
                            "service_area",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="complaints.servicearea",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "findings_historicalcomplaint",
                        "verbose_name": "historical complaint",
                        "verbose_name_plural": "historical complaints",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Complaint",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "reference",
                            models.CharField(
                                help_text="Unique within the organisation.", max_length=50
                            ),
                        ),
                        (
                            "date_received",
                            models.DateField(validators=[core.validators.DateBounds(days_ahead=0)]),
                        ),
                        (
                            "date_acknowledged",
                            models.DateField(
                                blank=True,
                                help_text="Due within 3 working days of receipt.",
                                null=True,
                                validators=[core.validators.DateBounds(days_ahead=0)],
                            ),
                        ),
                        (
                            "response_due",
                            models.DateField(
                                blank=True,
                                help_text="The date agreed with the complainant for the response.",
                                null=True,
                                validators=[core.validators.DateBounds(days_ahead=366)],
                                verbose_name="agreed response date",
                            ),
                        ),
                        (
                            "date_responded",
                            models.DateField(
                                blank=True,
                                null=True,
                                validators=[core.validators.DateBounds(days_ahead=0)],
                            ),
                        ),
                        (
                            "relationship",
                            models.CharField(
                                choices=[
                                    ("person", "The person"),
                                    ("family", "Family member"),
                                    ("carer", "Carer"),
                                    ("advocate", "Advocate"),
                                    ("professional", "Professional"),
                                    ("other", "Other"),
                                ],
                                default="person",
                                max_length=20,
                                verbose_name="complainant's relationship to the person",
                            ),
                        ),
                        (
                            "procedure",
                            models.CharField(
                                choices=[("statutory", "Statutory"), ("corporate", "Corporate")],
                                default="statutory",
                                max_length=20,
                            ),
                        ),
                        ("investigating_officer", models.CharField(blank=True, max_length=200)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "Open"),
                                    ("responded", "Responded"),
                                    ("closed", "Closed"),
                                ],
                                default="open",
                                max_length=20,
                            ),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("upheld", "Upheld"),
                                    ("partly_upheld", "Partly upheld"),
                                    ("not_upheld", "Not upheld"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                help_text="Required once the complaint is responded to. A complaint closed without a decision (not investigated, e.g. made out of time or without the person's consent) has none.",
                                max_length=20,
                            ),
                        ),
                        ("summary", models.TextField(blank=True)),
                        (
                            "learning",
                            models.TextField(blank=True, verbose_name="learning identified"),
                        ),
                        (
                            "lgsco_status",
                            models.CharField(
                                choices=[
                                    ("none", "Not referred"),
                                    ("referred", "Referred"),
                                    ("decided", "Decided"),
                                ],
                                default="none",
                                max_length=20,
                                verbose_name="LGSCO referral",
                            ),
                        ),
                        (
                            "lgsco_decision",
                            models.CharField(
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
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="complaints",
                                to="assessment.organisation",
                            ),
                        ),
                        (
                            "category",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="complaints",
                                to="complaints.complaintcategory",
                            ),
                        ),
                        (
                            "service_area",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="complaints",
                                to="complaints.servicearea",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "findings_complaint",
                        "ordering": ["-date_received", "-pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="complaintcategory",
                    constraint=models.UniqueConstraint(
                        fields=("organisation", "name"), name="complaintcategory_unique_name"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="servicearea",
                    constraint=models.UniqueConstraint(
                        fields=("organisation", "name"), name="servicearea_unique_name"
                    ),
                ),
                migrations.AddIndex(
                    model_name="complaint",
                    index=models.Index(
                        fields=["organisation", "date_received"], name="complaint_org_received_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="complaint",
                    index=models.Index(
                        fields=["organisation", "status"], name="complaint_org_status_idx"
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
                migrations.AddIndex(
                    model_name="complaint",
                    index=models.Index(
                        fields=["-date_received", "-id"], name="complaint_newest_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="complaint",
                    constraint=models.UniqueConstraint(
                        fields=("organisation", "reference"), name="complaint_unique_reference"
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
                            models.Q(("status", "responded"), _negated=True),
                            models.Q(("outcome", ""), _negated=True),
                            _connector="OR",
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
            ],
        ),
    ]

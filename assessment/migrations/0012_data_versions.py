"""DataVersion (assessment/data_versions.py) and the triggers on the assessment app's tables
that keep it."""

from django.conf import settings
from django.db import migrations, models

from assessment.version_triggers import install, install_everyone, operation

# Rows of the assessment app the figures read, and the two kinds of write that concern every
# organisation: the framework's statements (their I statements), a user's account activated
# or deactivated (the readiness check "every open action has an owner who can log in").
TRIGGERS = {
    "assessment_organisation": install("assessment_organisation", "SELECT r.id FROM {rows} r"),
    "assessment_assessment": install(
        "assessment_assessment", "SELECT r.organisation_id FROM {rows} r"
    ),
    "assessment_statementscore": install(
        "assessment_statementscore",
        "SELECT a.organisation_id FROM {rows} r "
        "JOIN assessment_assessment a ON a.id = r.assessment_id",
    ),
    "assessment_qualitystatement": install_everyone("assessment_qualitystatement"),
    "auth_user": install_everyone("auth_user", when="is_active"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0011_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("organisation_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        operation(TRIGGERS),
    ]

"""Triggers keeping DataVersion (assessment/data_versions.py) on the actions app's tables."""

from django.db import migrations

from assessment.version_triggers import install, operation

TRIGGERS = {
    "actions_actionplan": install("actions_actionplan", "SELECT r.organisation_id FROM {rows} r"),
    "actions_action": install(
        "actions_action",
        "SELECT p.organisation_id FROM {rows} r JOIN actions_actionplan p ON p.id = r.plan_id",
    ),
    "actions_action_findings": install(
        "actions_action_findings",
        "SELECT p.organisation_id FROM {rows} r JOIN actions_action x ON x.id = r.action_id "
        "JOIN actions_actionplan p ON p.id = x.plan_id",
    ),
    "actions_effectivenessreview": install(
        "actions_effectivenessreview",
        "SELECT p.organisation_id FROM {rows} r JOIN actions_action x ON x.id = r.action_id "
        "JOIN actions_actionplan p ON p.id = x.plan_id",
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0014_finding_answered_kept"),
        ("assessment", "0012_data_versions"),
    ]

    operations = [operation(TRIGGERS)]

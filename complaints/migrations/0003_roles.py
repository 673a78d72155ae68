"""The Officer and Manager groups hold the complaint permissions under their new label,
complaints.* (assessment/roles.py). The groups kept them through the move (0001 relabelled the
content types); this gives them to a database made from scratch, where the earlier syncs ran
before the complaints app had any permission."""

from django.db import migrations

from assessment.roles import sync_roles


def roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_rename_tables"),
        # sync_roles sets each group to exactly the listed permissions that exist: every app's.
        ("actions", "0008_complaints_app"),
        ("assessment", "0006_statementscore_version"),
        ("findings", "0008_complaints_moved_out"),
    ]

    operations = [
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]

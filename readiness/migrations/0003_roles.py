"""The Officer and Manager groups get what the readiness app declares (assessment/roles.py)."""

from django.db import migrations

from assessment.roles import sync_roles


def roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("readiness", "0002_load_cqc_metrics"),
        # sync_roles sets each group to exactly the listed permissions that exist: every app's.
        ("actions", "0008_complaints_app"),
        ("complaints", "0003_roles"),
        ("findings", "0008_complaints_moved_out"),
        ("jobs", "0003_return_pack_kinds"),
    ]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]

"""Give the Officer and Manager groups the action plan permissions (see assessment/roles.py)."""

from django.db import migrations

from assessment.roles import sync_roles


def roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
        ("findings", "0002_search_index_and_roles"),
    ]

    operations = [
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]

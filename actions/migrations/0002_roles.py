"""Give the Officer and Manager groups the action plan permissions (see assessment/roles.py)."""

from django.db import migrations


# Until assessment 0008 the roles were the Officer and Manager groups, given their permissions
# here. Roles are now memberships of an organisation, their permissions read from the apps'
# declarations (assessment/roles.py), so a database made from scratch needs no groups: this
# step does nothing now (databases that ran it had their groups turned into memberships).
def roles(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
        ("findings", "0002_search_index_and_roles"),
    ]

    operations = [
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]

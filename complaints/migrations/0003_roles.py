"""The Officer and Manager groups hold the complaint permissions under their new label,
complaints.* (assessment/roles.py). The groups kept them through the move (0001 relabelled the
content types); this gives them to a database made from scratch, where the earlier syncs ran
before the complaints app had any permission."""

from django.db import migrations


# Until assessment 0008 the roles were the Officer and Manager groups, given their permissions
# here. Roles are now memberships of an organisation, their permissions read from the apps'
# declarations (assessment/roles.py), so a database made from scratch needs no groups: this
# step does nothing now (databases that ran it had their groups turned into memberships).
def roles(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_rename_tables"),
        # It ran once every app had its permissions (it set the groups to all of them).
        ("actions", "0008_complaints_app"),
        ("assessment", "0006_statementscore_version"),
        ("findings", "0008_complaints_moved_out"),
    ]

    operations = [
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]

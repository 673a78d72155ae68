"""Create the Officer and Manager groups with their permissions (assessment/roles.py)."""

from django.db import migrations


# Until assessment 0008 the roles were the Officer and Manager groups, given their permissions
# here. Roles are now memberships of an organisation, their permissions read from the apps'
# declarations (assessment/roles.py), so a database made from scratch needs no groups: this
# step does nothing now (databases that ran it had their groups turned into memberships).
def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_load_cqc_framework"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

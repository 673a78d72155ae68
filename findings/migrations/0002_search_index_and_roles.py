"""Full-text search index on findings (PostgreSQL only) and the findings permissions for roles.

The index expression matches what Django emits for SearchVector("text", config="english"), so
the findings search uses it. SQLite has no such index; search there falls back to icontains.
"""

from django.db import migrations

INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS finding_text_search_idx ON findings_finding "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))"
)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS finding_text_search_idx")


# Until assessment 0008 the roles were the Officer and Manager groups, given their permissions
# here. Roles are now memberships of an organisation, their permissions read from the apps'
# declarations (assessment/roles.py), so a database made from scratch needs no groups: this
# step does nothing now (databases that ran it had their groups turned into memberships).
def roles(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0001_initial"),
        ("assessment", "0003_roles"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index),
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]

"""Full-text search index on findings (PostgreSQL only) and the findings permissions for roles.

The index expression matches what Django emits for SearchVector("text", config="english"), so
the findings search uses it. SQLite has no such index; search there falls back to icontains.
"""

from django.db import migrations

from assessment.roles import sync_roles

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


def roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0001_initial"),
        ("assessment", "0003_roles"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index),
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]

"""An index matching the action lists' order: open actions first, then by due date.

PostgreSQL only: SQLite cannot put NULLS FIRST in an index (and has no use for it here).
"""

from django.db import migrations

INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS action_list_order_idx ON actions_action "
    "(completed_on ASC NULLS FIRST, due_date, id)"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS action_list_order_idx")


class Migration(migrations.Migration):
    dependencies = [("actions", "0004_plan_list_index")]

    operations = [migrations.RunPython(create_index, drop_index)]

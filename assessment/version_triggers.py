"""The SQL of the triggers that keep DataVersion (assessment/data_versions.py), for each app's
migrations to install on its own tables. PostgreSQL: statement-level triggers with transition
tables, so a bulk insert of 200,000 rows changes each organisation's number once.

`organisations` is a SELECT of the changed rows' organisation ids, written over `{rows}` (the
transition table), e.g. "SELECT a.organisation_id FROM {rows} r JOIN assessment_assessment a ON
a.id = r.assessment_id". Deletes are run child-first by Django, so the joins still find the
parents of deleted rows.
"""

from __future__ import annotations

VERSIONS = "assessment_dataversion"
EVENTS = ("insert", "update", "delete")


def _bump(select: str) -> str:
    return f"""INSERT INTO {VERSIONS} (organisation_id, version)
        SELECT DISTINCT organisation_id, 1 FROM ({select}) AS changed (organisation_id)
        WHERE organisation_id IS NOT NULL
        ON CONFLICT (organisation_id) DO UPDATE SET version = {VERSIONS}.version + 1;"""


def install(table: str, organisations: str) -> str:
    """Triggers on `table` changing the number of each organisation whose rows it writes."""
    new, old = organisations.format(rows="new_rows"), organisations.format(rows="old_rows")
    sql = f"""
CREATE FUNCTION {table}_dv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_bump(new)}
    ELSIF TG_OP = 'DELETE' THEN
        {_bump(old)}
    ELSE
        {_bump(f"{new} UNION {old}")}
    END IF;
    RETURN NULL;
END $$;
"""
    for event, tables in (
        ("insert", "NEW TABLE AS new_rows"),
        ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("delete", "OLD TABLE AS old_rows"),
    ):
        sql += (
            f"CREATE TRIGGER {table}_dv_{event} AFTER {event.upper()} ON {table} "
            f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {table}_dv();\n"
        )
    return sql


def install_everyone(table: str, when: str = "") -> str:
    """Triggers on `table` (rows every organisation's figures read, e.g. the framework's)
    changing the number of EVERYONE; `when`: only updates of these columns count, e.g.
    "is_active" (a row-level condition, so ordinary updates cost nothing)."""
    bump = _bump("SELECT 0")
    sql = f"""
CREATE FUNCTION {table}_dv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {bump}
    RETURN NULL;
END $$;
"""
    if when:
        return sql + (
            f"CREATE TRIGGER {table}_dv_update AFTER UPDATE OF {when} ON {table} FOR EACH ROW "
            f"WHEN (OLD.{when} IS DISTINCT FROM NEW.{when}) EXECUTE FUNCTION {table}_dv();\n"
            f"CREATE TRIGGER {table}_dv_delete AFTER DELETE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_dv();\n"
        )
    return sql + "".join(
        f"CREATE TRIGGER {table}_dv_{event} AFTER {event.upper()} ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_dv();\n"
        for event in EVENTS
    )


def uninstall(table: str) -> str:
    return "".join(
        f"DROP TRIGGER IF EXISTS {table}_dv_{event} ON {table};\n" for event in EVENTS
    ) + (f"DROP FUNCTION IF EXISTS {table}_dv();\n")


def operation(triggers: dict[str, str]):
    """A migration operation installing `triggers` ({table: SQL of install or
    install_everyone}) on PostgreSQL, and removing them when reversed; nothing elsewhere."""
    from django.db import migrations

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("\n".join(triggers.values()))

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("".join(uninstall(table) for table in triggers))

    return migrations.RunPython(forward, backward)

"""ComplaintsVersion: a number per organisation that the database changes with every write to
its complaints, categories or service areas, and with any bank holiday (models/version.py).

PostgreSQL: statement-level triggers with transition tables, so an import's bulk insert of
200,000 complaints changes each organisation's number once, not 200,000 times. SQLite (`make
run`): row-level triggers.
"""

import django.db.models.deletion
from django.db import migrations, models

VERSIONS = "complaints_complaintsversion"
# Tables whose rows belong to an organisation (organisation_id) and that the report reads.
OWNED = ("complaints_complaint", "complaints_complaintcategory", "complaints_servicearea")
HOLIDAYS = "complaints_bankholiday"

_BUMP = f"""INSERT INTO {VERSIONS} (organisation_id, version)
    SELECT DISTINCT organisation_id, 1 FROM {{rows}}
    ON CONFLICT (organisation_id) DO UPDATE SET version = {VERSIONS}.version + 1;"""

POSTGRESQL = f"""
CREATE FUNCTION complaints_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_BUMP.format(rows="new_rows WHERE organisation_id IS NOT NULL")}
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_BUMP.format(rows="old_rows WHERE organisation_id IS NOT NULL")}
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION complaints_version_bump_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {VERSIONS} SET version = version + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER complaints_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {HOLIDAYS}
    FOR EACH STATEMENT EXECUTE FUNCTION complaints_version_bump_all();
"""
for _table in OWNED:
    POSTGRESQL += f"""
CREATE TRIGGER {_table}_version_insert AFTER INSERT ON {_table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION complaints_version_bump();
CREATE TRIGGER {_table}_version_update AFTER UPDATE ON {_table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION complaints_version_bump();
CREATE TRIGGER {_table}_version_delete AFTER DELETE ON {_table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION complaints_version_bump();
"""

POSTGRESQL_REVERSE = "".join(
    f"DROP TRIGGER IF EXISTS {table}_version_{event} ON {table};\n"
    for table in OWNED
    for event in ("insert", "update", "delete")
) + (
    f"DROP TRIGGER IF EXISTS complaints_version_bump ON {HOLIDAYS};\n"
    "DROP FUNCTION IF EXISTS complaints_version_bump();\n"
    "DROP FUNCTION IF EXISTS complaints_version_bump_all();\n"
)

_SQLITE_BUMP = (
    f"INSERT INTO {VERSIONS} (organisation_id, version) VALUES ({{row}}.organisation_id, 1) "
    "ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;"
)


def _sqlite_triggers() -> dict[str, str]:
    triggers = {}
    for table in OWNED:
        for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
            body = " ".join(_SQLITE_BUMP.format(row=row) for row in rows)
            name = f"{table}_version_{event.lower()}"
            triggers[name] = f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body} END"
    for event in ("INSERT", "UPDATE", "DELETE"):
        name = f"{HOLIDAYS}_version_{event.lower()}"
        triggers[name] = (
            f"CREATE TRIGGER {name} AFTER {event} ON {HOLIDAYS} "
            f"BEGIN UPDATE {VERSIONS} SET version = version + 1; END"
        )
    return triggers


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in _sqlite_triggers().values():
            schema_editor.execute(statement)
    # Organisations with complaints already: a first number.
    schema_editor.execute(
        f"INSERT INTO {VERSIONS} (organisation_id, version) "
        "SELECT DISTINCT organisation_id, 1 FROM complaints_complaint"
    )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)
    elif vendor == "sqlite":
        for name in _sqlite_triggers():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0011_versions"),
        ("complaints", "0008_reference_unique_in_any_case"),
    ]

    operations = [
        migrations.CreateModel(
            name="ComplaintsVersion",
            fields=[
                (
                    "organisation",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="assessment.organisation",
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]

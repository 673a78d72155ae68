"""Finding.answered kept by the database, and an index for the dashboard's open actions.

`answered` is true while any action answers the finding. Triggers keep it: on the action-finding
links (a link added sets it, a link removed clears it unless another remains), and on the
findings table itself, so that saving a finding object read before a link changed cannot write
a stale value back. Every path is covered (services, bulk inserts, the admin, raw SQL),
within the transaction of the write. PostgreSQL and SQLite (`make run`) each get their own.
"""

from django.db import migrations, models

LINKS = "actions_action_findings"
FINDINGS = "findings_finding"

POSTGRESQL = f"""
CREATE FUNCTION finding_answered_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.answered := EXISTS (SELECT 1 FROM {LINKS} WHERE finding_id = NEW.id);
    RETURN NEW;
END $$;
CREATE TRIGGER finding_answered_keep BEFORE UPDATE ON {FINDINGS}
    FOR EACH ROW EXECUTE FUNCTION finding_answered_keep();

CREATE FUNCTION finding_answered_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Each UPDATE goes through finding_answered_keep, which decides from the links.
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE {FINDINGS} SET answered = true WHERE id = NEW.finding_id AND NOT answered;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE {FINDINGS} SET answered = false WHERE id = OLD.finding_id AND answered;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER finding_answered_links AFTER INSERT OR UPDATE OR DELETE ON {LINKS}
    FOR EACH ROW EXECUTE FUNCTION finding_answered_links();

UPDATE {FINDINGS} f SET answered = true
 WHERE EXISTS (SELECT 1 FROM {LINKS} l WHERE l.finding_id = f.id);
"""

POSTGRESQL_REVERSE = f"""
DROP TRIGGER IF EXISTS finding_answered_links ON {LINKS};
DROP FUNCTION IF EXISTS finding_answered_links();
DROP TRIGGER IF EXISTS finding_answered_keep ON {FINDINGS};
DROP FUNCTION IF EXISTS finding_answered_keep();
"""

_ANSWERED = f"EXISTS (SELECT 1 FROM {LINKS} WHERE finding_id = {{row}}.finding_id)"
SQLITE = [
    f"""CREATE TRIGGER finding_answered_link_added AFTER INSERT ON {LINKS}
    BEGIN UPDATE {FINDINGS} SET answered = 1 WHERE id = NEW.finding_id; END""",
    f"""CREATE TRIGGER finding_answered_link_removed AFTER DELETE ON {LINKS}
    BEGIN UPDATE {FINDINGS} SET answered = {_ANSWERED.format(row="OLD")}
    WHERE id = OLD.finding_id; END""",
    f"""CREATE TRIGGER finding_answered_link_changed AFTER UPDATE ON {LINKS}
    BEGIN
    UPDATE {FINDINGS} SET answered = {_ANSWERED.format(row="OLD")} WHERE id = OLD.finding_id;
    UPDATE {FINDINGS} SET answered = 1 WHERE id = NEW.finding_id;
    END""",
    f"""CREATE TRIGGER finding_answered_keep AFTER UPDATE OF answered ON {FINDINGS}
    WHEN NEW.answered != EXISTS (SELECT 1 FROM {LINKS} WHERE finding_id = NEW.id)
    BEGIN UPDATE {FINDINGS} SET answered = NOT NEW.answered WHERE id = NEW.id; END""",
    f"""UPDATE {FINDINGS} SET answered = 1
    WHERE EXISTS (SELECT 1 FROM {LINKS} WHERE finding_id = {FINDINGS}.id)""",
]
SQLITE_TRIGGERS = [
    "finding_answered_link_added",
    "finding_answered_link_removed",
    "finding_answered_link_changed",
    "finding_answered_keep",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0013_reminders_into_the_daily_digest"),
        ("findings", "0013_finding_answered"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                condition=models.Q(("status", "complete"), _negated=True),
                fields=["plan", "status", "due_date"],
                name="action_open_plan_status_idx",
            ),
        ),
        migrations.RunPython(create, drop),
    ]

"""Findings search reads a stored tsvector (PostgreSQL only).

A `search_vector` column, filled by a trigger whenever a finding's text is written (the same
words as to_tsvector('english', text)), with a GIN index; it replaces migration 0002's index on
the expression, which made PostgreSQL work the vector out again for every row it checked.
The column is the database's alone (not a model field): `findings/filters/findings.py` reads it
on PostgreSQL; SQLite has no such column and searches with its fallback.
"""

from django.db import migrations

POSTGRESQL = """
ALTER TABLE findings_finding ADD COLUMN search_vector tsvector;
CREATE FUNCTION finding_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector('english'::regconfig, COALESCE(NEW.text, ''));
    RETURN NEW;
END $$;
CREATE TRIGGER finding_search_vector BEFORE INSERT OR UPDATE OF text ON findings_finding
    FOR EACH ROW EXECUTE FUNCTION finding_search_vector();
UPDATE findings_finding SET search_vector = to_tsvector('english'::regconfig, COALESCE(text, ''));
CREATE INDEX finding_search_vector_idx ON findings_finding USING gin (search_vector);
DROP INDEX IF EXISTS finding_text_search_idx;
"""

POSTGRESQL_REVERSE = """
CREATE INDEX IF NOT EXISTS finding_text_search_idx ON findings_finding
    USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')));
DROP INDEX IF EXISTS finding_search_vector_idx;
DROP TRIGGER IF EXISTS finding_search_vector ON findings_finding;
DROP FUNCTION IF EXISTS finding_search_vector();
ALTER TABLE findings_finding DROP COLUMN IF EXISTS search_vector;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("findings", "0013_finding_answered")]

    operations = [migrations.RunPython(create, drop)]

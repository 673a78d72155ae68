"""Complaint references are unique within an organisation whatever their letter case, and are
stored NFKC-normalised with single spaces (complaints.models.complaint.normal_reference).

Existing references are normalised first. If two of an organisation's complaints would then
share a reference, the migration stops and names them: someone must decide which to renumber
(nothing is changed until then)."""

import unicodedata

import django.db.models.functions.text
from django.db import migrations, models


def _normal(reference):
    return " ".join(unicodedata.normalize("NFKC", reference or "").split())


def normalise_references(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    seen, clashes, changed = {}, [], []
    rows = Complaint.objects.order_by("pk").values_list("pk", "organisation_id", "reference")
    for pk, organisation_id, reference in rows.iterator(chunk_size=5000):
        normal = _normal(reference)
        key = (organisation_id, normal.upper())
        if key in seen:
            clashes.append(f"organisation {organisation_id}: “{seen[key]}” and “{reference}”")
        else:
            seen[key] = reference
        if normal != reference:
            changed.append((pk, normal))
    if clashes:
        raise RuntimeError(
            "Complaint references that differ only in letter case or spacing must be made "
            "different before this migration (rename one of each pair): " + "; ".join(clashes)
        )
    for pk, normal in changed:
        Complaint.objects.filter(pk=pk).update(reference=normal)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0011_versions"),
        ("complaints", "0007_versions"),
    ]

    operations = [
        migrations.RunPython(normalise_references, migrations.RunPython.noop, elidable=True),
        migrations.RemoveConstraint(
            model_name="complaint",
            name="complaint_unique_reference",
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.UniqueConstraint(
                models.F("organisation"),
                django.db.models.functions.text.Upper("reference"),
                name="complaint_unique_reference",
            ),
        ),
    ]

"""Evidence moves from its assessment to the assessment's organisation, keeping every link; each
stored file becomes version 1, uploaded by whoever added the evidence, when they did."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def to_organisations(apps, schema_editor):
    Evidence = apps.get_model("findings", "Evidence")
    HistoricalEvidence = apps.get_model("findings", "HistoricalEvidence")
    Assessment = apps.get_model("assessment", "Assessment")
    EvidenceVersion = apps.get_model("findings", "EvidenceVersion")
    organisation_of = Assessment.objects.filter(pk=OuterRef("assessment_id")).values(
        "organisation_id"
    )[:1]
    Evidence.objects.update(organisation_id=Subquery(organisation_of))
    HistoricalEvidence.objects.update(organisation_id=Subquery(organisation_of))
    EvidenceVersion.objects.bulk_create(
        EvidenceVersion(
            evidence=item,
            number=1,
            file=item.file.name,
            original_filename=item.original_filename or item.file.name.rsplit("/", 1)[-1],
            content_type=item.content_type,
            size=item.size or 0,
            uploaded_by_id=item.added_by_id,
            uploaded_at=item.created_at,
        )
        for item in Evidence.objects.exclude(file="").iterator()
    )


def to_assessments(apps, schema_editor):
    """Back: each item to the first assessment whose findings it supports, else the
    organisation's latest assessment (evidence of an organisation with no assessment is lost)."""
    Evidence = apps.get_model("findings", "Evidence")
    Assessment = apps.get_model("assessment", "Assessment")
    through = Evidence.findings.through
    linked = through.objects.filter(evidence_id=OuterRef("pk")).order_by("finding_id")
    latest = Assessment.objects.filter(organisation_id=OuterRef("organisation_id")).order_by("-pk")
    Evidence.objects.update(
        assessment_id=Subquery(linked.values("finding__topic__assessment_id")[:1])
    )
    Evidence.objects.filter(assessment__isnull=True).update(
        assessment_id=Subquery(latest.values("pk")[:1])
    )
    Evidence.objects.filter(assessment__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0009_evidence_library"),
    ]

    operations = [migrations.RunPython(to_organisations, to_assessments)]

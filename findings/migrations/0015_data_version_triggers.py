"""Triggers keeping DataVersion (assessment/data_versions.py) on the findings app's tables."""

from django.db import migrations

from assessment.version_triggers import install, operation

TRIGGERS = {
    "findings_topic": install(
        "findings_topic",
        "SELECT a.organisation_id FROM {rows} r "
        "JOIN assessment_assessment a ON a.id = r.assessment_id",
    ),
    "findings_finding": install(
        "findings_finding",
        "SELECT a.organisation_id FROM {rows} r JOIN findings_topic t ON t.id = r.topic_id "
        "JOIN assessment_assessment a ON a.id = t.assessment_id",
    ),
    "findings_evidence": install("findings_evidence", "SELECT r.organisation_id FROM {rows} r"),
    "findings_evidence_findings": install(
        "findings_evidence_findings",
        "SELECT e.organisation_id FROM {rows} r JOIN findings_evidence e ON e.id = r.evidence_id",
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0014_finding_search_vector"),
        ("assessment", "0012_data_versions"),
    ]

    operations = [operation(TRIGGERS)]

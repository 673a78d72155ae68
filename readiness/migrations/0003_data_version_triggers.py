"""Triggers keeping DataVersion (assessment/data_versions.py) on the readiness app's tables."""

from django.db import migrations

from assessment.version_triggers import install, install_everyone, operation

TRIGGERS = {
    "readiness_statementselfassessment": install(
        "readiness_statementselfassessment",
        "SELECT a.organisation_id FROM {rows} r "
        "JOIN assessment_statementscore s ON s.id = r.score_record_id "
        "JOIN assessment_assessment a ON a.id = s.assessment_id",
    ),
    "readiness_selfassessmentevidence": install(
        "readiness_selfassessmentevidence",
        "SELECT a.organisation_id FROM {rows} r "
        "JOIN readiness_statementselfassessment x ON x.id = r.self_assessment_id "
        "JOIN assessment_statementscore s ON s.id = x.score_record_id "
        "JOIN assessment_assessment a ON a.id = s.assessment_id",
    ),
    "readiness_metricvalue": install(
        "readiness_metricvalue", "SELECT r.organisation_id FROM {rows} r"
    ),
    "readiness_metric": install_everyone("readiness_metric"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("readiness", "0002_load_cqc_metrics"),
        ("assessment", "0012_data_versions"),
    ]

    operations = [operation(TRIGGERS)]

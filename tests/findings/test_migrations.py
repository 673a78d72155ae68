"""Moving evidence from its assessment to the assessment's organisation loses nothing.

The database is migrated back to the last state before the evidence library (findings 0008),
filled there, with the models as they were then, with evidence of two organisations (a file, a
link, a note), their links to findings and to a self-assessment, and their history; then
migrated forward to the latest. Every item must belong to its assessment's organisation with
its links and history, and each stored file must be its version 1, by whoever added it.
"""

import datetime

import pytest
from django.apps import apps as real_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_LIBRARY = [("findings", "0008_complaints_moved_out")]


def migrate(targets) -> None:
    MigrationExecutor(connection).migrate(targets)


def latest_nodes() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _statement(get):
    framework = get("assessment", "Framework").objects.create(slug="old-fw", name="Old framework")
    theme = get("assessment", "Theme").objects.create(
        framework=framework, order=1, slug="t", title="Theme"
    )
    statement = get("assessment", "QualityStatement").objects.create(
        framework=framework, theme=theme, order=1, slug="s", title="Statement", commitment="We"
    )
    return framework, statement


def fill_old_schema(apps) -> dict:
    get = apps.get_model
    user = get("auth", "User").objects.create(username="keeper")
    framework, statement = _statement(get)
    made = {}
    for name in ("Oldshire", "Otherton"):
        organisation = get("assessment", "Organisation").objects.create(name=name)
        assessment = get("assessment", "Assessment").objects.create(
            organisation=organisation, framework=framework, title=f"{name} 2024"
        )
        topic = get("findings", "Topic").objects.create(
            assessment=assessment, statement=statement, title="Topic"
        )
        finding = get("findings", "Finding").objects.create(topic=topic, text="Staff said.")
        made[name] = (organisation, assessment, finding)
    before = _fill_evidence(get, user, made)
    return {"user": user.pk, **before}


def _fill_evidence(get, user, made) -> dict:
    """A file and a link of one organisation, a note of the other, linked and with history."""
    evidence_model = get("findings", "Evidence")
    organisation, assessment, finding = made["Oldshire"]
    with_file = evidence_model.objects.create(
        assessment=assessment,
        title="Board minutes",
        kind="document",
        file="evidence/ab/minutes.pdf",
        original_filename="Board minutes.pdf",
        content_type="application/pdf",
        size=1234,
        added_by=user,
    )
    with_file.findings.set([finding])
    link = evidence_model.objects.create(
        assessment=assessment, title="Survey", kind="survey", url="https://example.org/s"
    )
    other_org, other_assessment, other_finding = made["Otherton"]
    note = evidence_model.objects.create(assessment=other_assessment, title="Note", kind="note")
    note.findings.set([other_finding])
    get("findings", "HistoricalEvidence").objects.create(
        id=with_file.pk,
        assessment_id=assessment.pk,
        title="Board minutes (draft)",
        kind="document",
        file="evidence/ab/minutes.pdf",
        created_at=with_file.created_at,
        history_date=timezone.now(),
        history_type="+",
        history_user=user,
    )
    score = get("assessment", "StatementScore").objects.create(
        assessment=assessment, statement_id=finding.topic.statement_id
    )
    own = get("readiness", "StatementSelfAssessment").objects.create(score_record=score)
    get("readiness", "SelfAssessmentEvidence").objects.create(
        self_assessment=own, evidence=link, i_statement=0
    )
    return {
        "organisations": {
            with_file.pk: organisation.pk,
            link.pk: organisation.pk,
            note.pk: other_org.pk,
        },
        "findings": {with_file.pk: [finding.pk], link.pk: [], note.pk: [other_finding.pk]},
        "file": with_file.pk,
        "link": link.pk,
        "created_at": with_file.created_at,
    }


def test_evidence_moves_to_its_organisation_with_its_links_history_and_first_version():
    migrate(BEFORE_THE_LIBRARY)
    try:
        loader = MigrationExecutor(connection).loader
        # Every other app as it stands (only findings went back): the models as they were then.
        apps = loader.project_state(list(loader.applied_migrations)).apps
        before = fill_old_schema(apps)
    finally:
        migrate(latest_nodes())

    evidence_model = real_apps.get_model("findings", "Evidence")
    items = evidence_model.objects.all()
    assert {item.pk: item.organisation_id for item in items} == before["organisations"]
    assert {
        item.pk: sorted(item.findings.values_list("pk", flat=True)) for item in items
    } == before["findings"]
    link = evidence_model.objects.get(pk=before["link"])
    assert link.self_assessment_links.count() == 1
    assert link.url == "https://example.org/s"
    assert not link.versions.exists()  # a link has no file, so no version

    with_file = evidence_model.objects.get(pk=before["file"])
    (version,) = with_file.versions.all()
    assert (version.number, version.file.name, version.original_filename) == (
        1,
        "evidence/ab/minutes.pdf",
        "Board minutes.pdf",
    )
    assert (version.content_type, version.size) == ("application/pdf", 1234)
    assert version.uploaded_by_id == before["user"]
    assert version.uploaded_at == before["created_at"]
    (history,) = with_file.history.all()
    assert history.title == "Board minutes (draft)"
    assert history.organisation_id == before["organisations"][with_file.pk]
    assert isinstance(version.uploaded_at, datetime.datetime)

"""The report PDF is built once per version by a job, then served from storage; a change to
what the report shows makes it stale and the next request queues a new build."""

import datetime
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from assessment.models import StatementScore
from complaints.models import ComplaintCategory
from findings.models import Evidence, Finding
from findings.selectors.report_version import report_version
from findings.services import findings as finding_services
from findings.services import report_exports
from jobs.models import Job
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.assessment.factories import AssessmentFactory
from tests.complaints.factories import ComplaintFactory
from tests.findings.factories import EvidenceFactory, FindingFactory, TopicFactory
from tests.jobs.helpers import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(cqc_framework):
    assessment = AssessmentFactory(start_date=datetime.date(2024, 5, 1))
    topic = TopicFactory(assessment=assessment)
    FindingFactory.create_batch(3, topic=topic)
    return assessment


def pdf_url(assessment):
    return reverse("findings:assessment-report-pdf", args=[assessment.pk])


@pytest.fixture
def built(officer_client, assessment):
    """The first request queues the build; the worker runs it."""
    response = officer_client.get(pdf_url(assessment))
    assert response.status_code == HTTPStatus.ACCEPTED
    run_worker()
    return Job.objects.get()


def test_the_first_request_answers_at_once_with_the_job_and_its_progress(
    officer_client, officer, assessment
):
    response = officer_client.get(pdf_url(assessment))
    assert response.status_code == HTTPStatus.ACCEPTED
    job = Job.objects.get()
    assert (job.kind, job.status, job.started_by) == ("report_pdf", "queued", officer)
    assert job.organisation == assessment.organisation
    content = response.content.decode()
    assert "The document is being prepared." in content
    assert f'data-job-status-url="/jobs/{job.pk}/status.json"' in content


def test_the_worker_builds_it_and_the_next_request_serves_the_stored_file_without_building(
    officer_client, assessment, built, monkeypatch
):
    assert built.status == "done"
    assert built.message.endswith("pages laid out")
    assert built.result_file.name.startswith("jobs/")

    def must_not_build(report):
        raise AssertionError("the PDF was built again")

    monkeypatch.setattr(report_exports, "report_pdf", must_not_build)
    response = officer_client.get(pdf_url(assessment))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert Job.objects.count() == 1


def test_editing_one_finding_makes_it_stale_and_the_previous_version_stays_downloadable(
    officer_client, assessment, built
):
    finding = Finding.objects.filter(topic__assessment=assessment).first()
    finding_services.update_finding(
        user=None,
        finding=finding,
        expected_version=finding.version,
        topic_title=finding.topic.title,
        text="Rewritten after the board meeting.",
    )
    response = officer_client.get(pdf_url(assessment))
    assert response.status_code == HTTPStatus.ACCEPTED
    assert (
        "A new version is being prepared, the previous one is below." in response.content.decode()
    )
    new = Job.objects.exclude(pk=built.pk).get()
    assert new.status == "queued"
    previous = officer_client.get(pdf_url(assessment) + "?previous=1")
    assert b"".join(previous.streaming_content) == built.result_file.open("rb").read()


def test_a_second_person_joins_the_build_instead_of_starting_another(
    officer_client, manager, assessment
):
    officer_client.get(pdf_url(assessment))
    other = Client()
    other.force_login(manager)
    response = other.get(pdf_url(assessment))
    assert response.status_code == HTTPStatus.ACCEPTED
    job = Job.objects.get()
    assert list(job.followers.all()) == [manager]
    assert other.get(job.get_absolute_url()).status_code == HTTPStatus.OK


def test_a_missing_stored_file_is_built_again(officer_client, assessment, built):
    built.result_file.storage.delete(built.result_file.name)
    assert officer_client.get(pdf_url(assessment)).status_code == HTTPStatus.ACCEPTED
    assert Job.objects.filter(status="queued").count() == 1


def test_previous_without_any_stored_version_is_not_found(officer_client, assessment):
    response = officer_client.get(pdf_url(assessment) + "?previous=1")
    assert response.status_code == HTTPStatus.NOT_FOUND


def _finding(assessment):
    return Finding.objects.filter(topic__assessment=assessment).first()


def _linked_action(assessment):
    action = ActionFactory(plan=ActionPlanFactory(assessment=assessment))
    action.findings.add(_finding(assessment))
    return action


CHANGES = {
    "finding edited": lambda a: _finding(a).save(),
    "finding deleted": lambda a: _finding(a).delete(),
    "finding added": lambda a: FindingFactory(topic=_finding(a).topic),
    "score changed": lambda a: StatementScore.objects.filter(assessment=a).first().save(),
    "assessment edited": lambda a: a.save(),
    "topic renamed": lambda a: (
        type(_finding(a).topic)
        .objects.filter(pk=_finding(a).topic_id)
        .update(title="A longer new title for the topic")
    ),
    "evidence linked": lambda a: EvidenceFactory(assessment=a).findings.add(_finding(a)),
    "organisation renamed": lambda a: (
        type(a.organisation).objects.filter(pk=a.organisation_id).update(name="Renamed Council")
    ),
    "complaint received in the year": lambda a: ComplaintFactory(
        organisation=a.organisation, date_received=datetime.date(2024, 6, 1)
    ),
    "action linked": _linked_action,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_part_of_the_report_is_in_its_version(assessment, change):
    before = report_version(assessment)
    CHANGES[change](assessment)
    assessment.refresh_from_db()
    assert report_version(assessment) != before


def test_renaming_the_category_of_a_complaint_in_the_appendix_changes_the_version(assessment):
    complaint = ComplaintFactory(
        organisation=assessment.organisation, date_received=datetime.date(2024, 6, 1)
    )
    before = report_version(assessment)
    ComplaintCategory.objects.filter(pk=complaint.category_id).update(name="Renamed category")
    assert report_version(assessment) != before


def test_evidence_edited_changes_the_version(assessment):
    evidence = EvidenceFactory(assessment=assessment)
    evidence.findings.add(_finding(assessment))
    before = report_version(assessment)
    evidence.title = "Board minutes, corrected"
    evidence.save()
    assert report_version(assessment) != before


def test_a_linked_action_turning_red_with_the_date_changes_the_version(assessment):
    """Time passing is simulated by moving the due date without an edit (update() leaves
    updated_at alone): due today is amber, due yesterday is red, nothing else differs."""
    action = _linked_action(assessment)
    today = timezone.localdate()
    Action.objects.filter(pk=action.pk).update(due_date=today)
    before = report_version(assessment)
    Action.objects.filter(pk=action.pk).update(due_date=today - datetime.timedelta(days=1))
    assert report_version(assessment) != before


def test_unrelated_changes_keep_the_version(assessment, cqc_framework):
    before = report_version(assessment)
    other = AssessmentFactory(organisation=assessment.organisation)
    FindingFactory(topic=TopicFactory(assessment=other))
    ComplaintFactory(organisation=assessment.organisation, date_received=datetime.date(2021, 6, 1))
    # The organisation's library: evidence of another assessment, or supporting nothing yet.
    EvidenceFactory(assessment=other, kind=Evidence.Kind.NOTE).findings.add(
        FindingFactory(topic=TopicFactory(assessment=other))
    )
    EvidenceFactory(assessment=assessment, kind=Evidence.Kind.NOTE)
    assert report_version(assessment) == before


def test_the_version_is_read_in_one_query(assessment, django_assert_num_queries):
    with django_assert_num_queries(1):
        report_version(assessment)

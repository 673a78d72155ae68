"""The report import as a job: the confirmed text is stored and imported by a worker, all or
nothing; the same text while it is being imported is that job, and once imported adds nothing;
the command runs the same job with a progress bar."""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from findings.models import Finding
from jobs.models import Job
from tests.assessment.factories import AssessmentFactory
from tests.findings.test_report_import import SECOND_SECTION, SEED_FILE, SEED_TEXT
from tests.jobs.helpers import run_started_job, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(cqc_framework):
    return AssessmentFactory()


def confirm(client, assessment, text):
    return client.post(
        reverse("findings:report-import", args=[assessment.pk]), {"text": text, "confirm": "on"}
    )


def test_the_same_text_while_queued_is_the_same_job_and_once_done_adds_nothing(
    officer_client, assessment
):
    first = confirm(officer_client, assessment, SEED_TEXT)
    second = confirm(officer_client, assessment, SEED_TEXT)
    assert first.url == second.url
    assert Job.objects.count() == 1
    assert run_started_job(first).status == "done"
    assert Finding.objects.count() == 14
    again = run_started_job(confirm(officer_client, assessment, SEED_TEXT))
    assert "nothing changed" in again.message
    assert Finding.objects.count() == 14


def test_a_bad_last_section_imports_nothing(officer_client, assessment):
    text = SECOND_SECTION + "\n" + SEED_TEXT.replace("Score: 2", "Score: 7")
    job = run_started_job(confirm(officer_client, assessment, text))
    assert job.status == "failed"
    assert "the score must be 1 to 4, not 7" in job.error
    assert not Finding.objects.exists()
    assert not assessment.scores.filter(score__isnull=False).exists()


def test_the_job_is_not_for_another_organisations_members(client, officer_client, assessment):
    from tests.assessment.factories import OrganisationFactory
    from tests.factories import UserFactory, make_member

    job = run_started_job(confirm(officer_client, assessment, SEED_TEXT))
    stranger = make_member(UserFactory(), OrganisationFactory(name="Far away"), "officer").user
    client.force_login(stranger)
    assert client.get(job.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_the_command_shows_progress_and_may_queue(assessment, capsys):
    call_command("import_report", str(SEED_FILE), "--assessment", str(assessment.pk), "--queue")
    assert "Queued job" in capsys.readouterr().out
    assert not Finding.objects.exists()
    run_worker()
    assert Finding.objects.count() == 14
    call_command("import_report", str(SEED_FILE), "--assessment", str(assessment.pk))
    out, err = capsys.readouterr()
    assert "nothing changed" in out
    assert "[##############################] 100%" in err
    assert Job.objects.filter(kind="report_import", status="done").count() == 2

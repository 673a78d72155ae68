"""Exports over EXPORT_ROWS_IN_REQUEST rows are built by a job: the file downloads for its
owner only, for a limited time; under the threshold the download stays in the request."""

import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jobs import schedule
from jobs.models import Job
from jobs.services import run_now
from tests.complaints.factories import ComplaintFactory, load_bank_holidays
from tests.factories import UserFactory, make_member
from tests.jobs.helpers import run_started_job

pytestmark = pytest.mark.django_db

EXPORT = reverse("complaints:complaint-export")


@pytest.fixture
def complaints(organisation):
    load_bank_holidays()
    return ComplaintFactory.create_batch(6, organisation=organisation)


def downloaded(response) -> bytes:
    assert response.status_code == HTTPStatus.OK
    return b"".join(response.streaming_content)


def test_under_the_threshold_the_file_comes_in_the_request(officer_client, complaints, settings):
    settings.EXPORT_ROWS_IN_REQUEST = 6
    rows = list(csv.reader(io.StringIO(downloaded(officer_client.get(EXPORT)).decode())))
    assert len(rows) == 7
    assert not Job.objects.exists()


def test_over_the_threshold_a_job_builds_it_and_its_owner_downloads_it(
    officer_client, officer, complaints, settings
):
    settings.EXPORT_ROWS_IN_REQUEST = 5
    response = officer_client.get(EXPORT, {"status": "open"})
    job = run_started_job(response)
    assert (job.kind, job.status, job.started_by, job.organisation) == (
        "export",
        "done",
        officer,
        None,
    )
    assert job.message == "6 rows exported"
    assert job.expires_at > timezone.now() + datetime.timedelta(hours=23)
    page = officer_client.get(job.get_absolute_url()).content.decode()
    today = timezone.localdate().isoformat()
    assert f'href="/jobs/{job.pk}/file/">Download complaints-{today}.csv</a>' in page
    assert "Only you can download it" in page
    body = downloaded(officer_client.get(reverse("jobs:job-file", args=[job.pk]))).decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:2] == ["organisation", "reference"]
    assert sorted(r[1] for r in rows[1:]) == sorted(c.reference for c in complaints)


def test_another_member_of_the_same_organisation_gets_404(
    officer_client, organisation, complaints, settings
):
    settings.EXPORT_ROWS_IN_REQUEST = 5
    job = run_started_job(officer_client.get(EXPORT))
    colleague = make_member(UserFactory(username="colleague"), organisation, "manager").user
    officer_client.force_login(colleague)
    assert officer_client.get(reverse("jobs:job-file", args=[job.pk])).status_code == 404
    assert officer_client.get(job.get_absolute_url()).status_code == 404
    assert officer_client.get(reverse("jobs:job-status", args=[job.pk])).status_code == 404


def test_the_same_export_asked_again_while_it_is_built_is_the_same_job(
    officer_client, complaints, settings
):
    settings.EXPORT_ROWS_IN_REQUEST = 5
    first = officer_client.get(EXPORT, {"format": "xlsx"})
    second = officer_client.get(EXPORT, {"format": "xlsx"})
    assert first.url == second.url
    job = run_started_job(first)
    workbook = load_workbook(io.BytesIO(job.result_file.read()), read_only=True)
    assert len(list(workbook.active.iter_rows(values_only=True))) == 7
    assert job.result_name.endswith(".xlsx")
    # Done: asking again makes a new file (the rows may have changed).
    assert officer_client.get(EXPORT, {"format": "xlsx"}).url != first.url


def test_the_file_is_deleted_when_its_time_is_over(officer_client, complaints, settings):
    settings.EXPORT_ROWS_IN_REQUEST = 5
    job = run_started_job(officer_client.get(EXPORT))
    stored = job.result_file.name
    over = timezone.now() - datetime.timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(expires_at=over)
    assert officer_client.get(reverse("jobs:job-file", args=[job.pk])).status_code == 404
    assert "has been deleted" in officer_client.get(job.get_absolute_url()).content.decode()
    schedule.prune()
    job.refresh_from_db()
    assert not job.result_file
    assert not job.result_file.storage.exists(stored)


def test_progress_counts_the_rows_written(officer_client, complaints, settings):
    settings.EXPORT_ROWS_IN_REQUEST = 5
    response = officer_client.get(EXPORT)
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    seen = []
    run_now(job, on_progress=lambda j: seen.append((j.progress_done, j.progress_total)))
    assert seen == [(n, 6) for n in range(7)] + [(6, 6)]  # and once more as it ended


def test_an_invalid_filter_exports_nothing_and_starts_no_job(officer_client, settings):
    settings.EXPORT_ROWS_IN_REQUEST = 0
    response = officer_client.get(EXPORT, {"status": "nonsense"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("complaints:complaint-list"))
    assert not Job.objects.exists()

"""My jobs, a job's page, its status JSON and its file: each user sees their own jobs only."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from assessment.roles import OFFICER
from jobs import services
from jobs.models import Job
from tests.assessment.factories import OrganisationFactory
from tests.factories import UserFactory, make_member
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_job(officer):
    job = JobFactory(started_by=officer, title="Report PDF: Northshire")
    services.finish_job(
        job, content=b"%PDF-1.7 test", filename="northshire.pdf", content_type="application/pdf"
    )
    return job


def test_my_jobs_lists_mine_newest_first_paginated_in_fixed_queries(
    officer_client, officer, django_assert_max_num_queries
):
    JobFactory.create_batch(55, started_by=officer)
    JobFactory(title="Someone else's job")
    newest = JobFactory(started_by=officer, title="The newest one")
    # 7 = 6 + the user's memberships, read once per request (assessment.backends).
    with django_assert_max_num_queries(8):
        response = officer_client.get(reverse("jobs:job-list"))
    content = response.content.decode()
    assert len(re.findall(r'href="/jobs/\d+/"', content)) == 25
    assert content.index("The newest one") < content.index("Report PDF")
    assert "Someone else&#x27;s job" not in content
    assert "1–25 of 56" in content
    assert f'href="{newest.get_absolute_url()}"' in content


def test_the_job_page_shows_who_status_progress_and_the_result(officer_client, done_job):
    response = officer_client.get(done_job.get_absolute_url())
    content = response.content.decode()
    assert "Report PDF: Northshire" in content
    assert "Started by" in content
    assert f'data-job-status-url="/jobs/{done_job.pk}/status.json"' in content
    assert '<progress class="job-progress flex-grow-1" max="100" value="100"' in content
    assert f'href="/jobs/{done_job.pk}/file/">Download northshire.pdf</a>' in content
    assert 'src="/static/js/jobs.js"' in content
    assert "<script>" not in content  # the CSP allows no inline script


def test_a_running_job_page_has_a_refresh_link_and_an_indeterminate_bar(officer_client, officer):
    job = JobFactory(started_by=officer, status=Job.Status.RUNNING, message="Checking")
    content = officer_client.get(job.get_absolute_url()).content.decode()
    assert ">Refresh</a>" in content
    assert '<progress class="job-progress flex-grow-1" max="100" aria-label' in content


def test_a_failed_import_shows_the_row_and_column_table(officer_client, officer):
    job = JobFactory(started_by=officer)
    services.fail_job(
        job,
        "Nothing was imported: 1 problem.",
        rows=[{"row": 7, "column": "date_received", "message": "<b>not a date</b>"}],
    )
    content = officer_client.get(job.get_absolute_url()).content.decode()
    assert "Nothing was imported: 1 problem." in content
    assert "<td>7</td><td>date_received</td><td>&lt;b&gt;not a date&lt;/b&gt;</td>" in content
    assert 'data-job-field="progress_row" hidden>' in content  # no bar for a failed job


def test_status_json_is_what_the_script_reads(officer_client, officer):
    job = JobFactory(started_by=officer, status=Job.Status.RUNNING)
    job.progress_done, job.progress_total, job.progress_unit = 1200, 50000, "rows"
    job.message = "Checking rows"
    job.save()
    response = officer_client.get(reverse("jobs:job-status", args=[job.pk]))
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["status"] == "running"
    assert data["finished"] is False
    assert (data["done"], data["total"], data["percent"]) == (1200, 50000, 2)
    assert data["progress_text"] == "1,200 of 50,000 rows"
    assert data["result_url"] == ""


def test_the_file_downloads_as_an_attachment(officer_client, done_job):
    response = officer_client.get(reverse("jobs:job-file", args=[done_job.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="northshire.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


@pytest.mark.parametrize("name", ["job-detail", "job-status", "job-file"])
def test_another_users_job_is_not_found(client, manager, done_job, name):
    client.force_login(manager)
    response = client.get(reverse(f"jobs:{name}", args=[done_job.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_superuser_sees_every_job(client, done_job):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(done_job.get_absolute_url()).status_code == HTTPStatus.OK


def test_a_user_without_a_role_may_not_list_jobs(client, nobody):
    client.force_login(nobody)
    assert client.get(reverse("jobs:job-list")).status_code == HTTPStatus.FORBIDDEN


def test_the_navigation_links_to_my_jobs(officer_client):
    content = officer_client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("jobs:job-list")}">My jobs</a>' in content


def test_a_job_of_an_organisation_is_its_starters_while_they_are_a_member(
    client, officer, organisation
):
    """The job's starter and those who asked for the same thing see it (other members of its
    organisation do not); once their membership ends, its page and file are not found."""
    job = JobFactory(started_by=officer, organisation=organisation, title="Plan PDF")
    services.finish_job(job, content=b"%PDF-1.7", filename="plan.pdf")
    colleague = make_member(UserFactory(username="colleague"), organisation, OFFICER).user
    follower = make_member(UserFactory(username="follower"), organisation, OFFICER).user
    job.followers.add(follower)
    urls = [reverse(f"jobs:{name}", args=[job.pk]) for name in ("job-detail", "job-file")]

    def statuses(user):
        client.force_login(user)
        return {client.get(url).status_code for url in urls}

    assert statuses(officer) == statuses(follower) == {HTTPStatus.OK}
    assert statuses(colleague) == {HTTPStatus.NOT_FOUND}
    # They moved to another council: this one's job is no longer theirs to see.
    make_member(officer, OrganisationFactory(name="Elsewhere"), OFFICER)
    make_member(officer, organisation, OFFICER, is_active=False)
    assert statuses(officer) == {HTTPStatus.NOT_FOUND}
    client.force_login(officer)
    assert "Plan PDF" not in client.get(reverse("jobs:job-list")).content.decode()

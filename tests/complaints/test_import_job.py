"""The complaints import as a job: the page answers with the job's page, the worker checks
every row and then writes them all or none, the same file is imported once, the command runs
the same job with a progress bar."""

import csv
import io
import signal
import subprocess
import sys
import time
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from complaints.importer import COLUMNS, saving
from complaints.models import Complaint
from complaints.tasks import start_complaints_import
from jobs.models import Job
from jobs.services import run_now
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import load_bank_holidays
from tests.factories import UserFactory, make_member
from tests.jobs.helpers import run_started_job, run_worker, worker_process_env

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bank_holidays(db):
    load_bank_holidays()


def csv_bytes(count: int, *, bad_row: int | None = None) -> bytes:
    """`count` complaints; the data row `bad_row` (1-based) with a date that is no date."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for n in range(1, count + 1):
        received = "2023-13-01" if n == bad_row else "2023-06-01"
        writer.writerow({"reference": f"JOB-{n:05d}", "date_received": received})
    return out.getvalue().encode()


def post_import(client, organisation, content, name="complaints.csv", **options):
    return client.post(
        reverse("complaints:complaint-import"),
        {"organisation": organisation.pk, "file": SimpleUploadedFile(name, content), **options},
    )


def test_the_page_answers_with_the_job_and_the_worker_imports_every_row(
    officer_client, organisation
):
    response = post_import(officer_client, organisation, csv_bytes(120))
    assert not Complaint.objects.exists()  # nothing written in the request
    job = run_started_job(response)
    assert (job.kind, job.status, job.organisation) == ("complaints_import", "done", organisation)
    assert Complaint.objects.filter(organisation=organisation).count() == 120
    assert job.message == f"Imported 120 new and updated 0 complaints for {organisation}."
    page = officer_client.get(job.get_absolute_url()).content.decode()
    assert f'href="/complaints/?organisation={organisation.pk}">Open the result</a>' in page
    assert not job.input_file  # the upload is not kept once the job is done


def test_an_error_on_the_last_row_writes_nothing_and_the_job_page_names_it(
    officer_client, organisation
):
    response = post_import(officer_client, organisation, csv_bytes(300, bad_row=300))
    job = run_started_job(response)
    assert job.status == "failed"
    assert not Complaint.objects.exists()
    assert job.error == "Nothing was imported: 1 problem in complaints.csv."
    page = officer_client.get(job.get_absolute_url()).content.decode()
    # Row 301 as the spreadsheet shows it (row 1 is the header).
    assert "<td>301</td><td>date_received</td><td>“2023-13-01” is not a date" in page
    status = officer_client.get(reverse("jobs:job-status", args=[job.pk])).json()
    assert status["error_rows"][0]["row"] == 301


def test_a_failure_while_writing_rolls_back_every_batch_written(organisation, monkeypatch):
    """All or nothing past the check too: the batches already inserted go with the one that
    failed (one transaction)."""
    monkeypatch.setattr(saving, "BATCH_SIZE", 10)
    real = saving._write_batch
    calls = []

    def fail_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(saving, "_write_batch", fail_on_the_third)
    upload = SimpleUploadedFile("c.csv", csv_bytes(35))
    started = start_complaints_import(upload=upload, organisation=organisation, user=None)
    with pytest.raises(RuntimeError):
        run_now(started.job)
    started.job.refresh_from_db()
    assert started.job.status == "failed"
    assert "nothing it was writing was kept" in started.job.error
    assert not Complaint.objects.exists()


def test_the_same_file_is_joined_while_queued_and_refused_once_imported(
    officer_client, organisation
):
    content = csv_bytes(5)
    first = post_import(officer_client, organisation, content)
    again = post_import(officer_client, organisation, content, name="renamed.csv")
    assert again.url == first.url  # the same job, not a second one
    assert Job.objects.count() == 1
    run_started_job(first)
    refused = post_import(officer_client, organisation, content)
    assert refused.status_code == HTTPStatus.OK
    (error,) = refused.context["form"].errors["file"]
    assert error.startswith(f"This file was already imported into {organisation} on ")
    assert "it was not imported again" in error
    assert Job.objects.count() == 1
    assert Complaint.objects.count() == 5


def test_the_same_file_for_another_organisation_is_another_import(officer, organisation):
    other = OrganisationFactory(name="Othershire")
    make_member(officer, other, "officer")
    content = csv_bytes(3)
    for org in (organisation, other):
        upload = SimpleUploadedFile("c.csv", content)
        started = start_complaints_import(upload=upload, organisation=org, user=officer)
        assert started.created
        run_now(started.job)
    assert Complaint.objects.filter(organisation=other).count() == 3
    assert Complaint.objects.filter(organisation=organisation).count() == 3


def test_a_failed_import_may_be_submitted_again(officer_client, organisation):
    content = csv_bytes(4)
    first = run_started_job(post_import(officer_client, organisation, content + b"x,y\n"))
    assert first.status == "failed"
    second = run_started_job(post_import(officer_client, organisation, content))
    assert second.status == "done"


def test_only_the_users_organisations_are_offered_and_taken(officer_client, organisation):
    other = OrganisationFactory(name="Not mine")
    page = officer_client.get(reverse("complaints:complaint-import")).content.decode()
    assert "Not mine" not in page
    response = post_import(officer_client, other, csv_bytes(2))
    assert response.status_code == HTTPStatus.OK
    assert "organisation" in response.context["form"].errors
    assert not Job.objects.exists()


def test_progress_increases_row_by_row_to_the_total(organisation):
    seen = []
    upload = SimpleUploadedFile("c.csv", csv_bytes(50))
    started = start_complaints_import(upload=upload, organisation=organisation, user=None)
    job = run_now(started.job, on_progress=lambda j: seen.append((j.message, j.progress_done)))
    assert job.status == "done"
    checking = [done for message, done in seen if message == "Checking every row"]
    assert checking == list(range(1, 51))
    assert job.progress_total == 50
    assert ("Writing 50 complaints (all or nothing)", 0) in seen
    assert job.percent == 100


def test_the_job_page_is_not_for_a_member_of_another_organisation(officer_client, organisation):
    job = run_started_job(post_import(officer_client, organisation, csv_bytes(2)))
    stranger = UserFactory(username="stranger")
    make_member(stranger, OrganisationFactory(name="Elsewhere"), "officer")
    officer_client.force_login(stranger)
    assert officer_client.get(job.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_the_command_runs_the_same_job_with_a_progress_bar(organisation, tmp_path, capsys):
    path = tmp_path / "complaints.csv"
    path.write_bytes(csv_bytes(40))
    call_command("import_complaints", str(path), organisation=organisation.name)
    out, err = capsys.readouterr()
    assert "Imported 40 new and updated 0 complaints" in out
    assert "[##############################] 100%" in err
    job = Job.objects.get()
    assert (job.kind, job.status, job.started_by) == ("complaints_import", "done", None)
    with pytest.raises(CommandError, match="already imported"):
        call_command("import_complaints", str(path), organisation=organisation.name)
    assert Complaint.objects.count() == 40


def test_the_command_may_queue_it_for_a_worker(organisation, tmp_path, capsys):
    path = tmp_path / "complaints.csv"
    path.write_bytes(csv_bytes(3))
    call_command("import_complaints", str(path), organisation=organisation.name, queue=True)
    assert "Queued job" in capsys.readouterr().out
    assert not Complaint.objects.exists()
    run_worker()
    assert Complaint.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_while_it_writes_leaves_no_complaint_and_the_retry_imports_all(
    organisation,
):
    """A real worker process, killed (SIGKILL) inside the import's one transaction."""
    load_bank_holidays()
    count = 5_000
    upload = SimpleUploadedFile("big.csv", csv_bytes(count))
    job = start_complaints_import(upload=upload, organisation=organisation, user=None).job
    command = [sys.executable, "manage.py", "db_worker", "--batch"]
    env = worker_process_env()
    worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    while not Job.objects.filter(pk=job.pk, message__startswith="Writing").exists():
        assert time.monotonic() < deadline, worker.stderr.read() if worker.poll() else "slow"
        time.sleep(0.05)
    time.sleep(0.3)  # some batches are inserted, none committed
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    job.refresh_from_db()
    assert job.status == "running"  # it was killed before it could finish
    assert not Complaint.objects.exists()

    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert f"Job {job.pk} had lost its worker: queued again." in again.stdout
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2), job.error
    assert Complaint.objects.filter(organisation=organisation).count() == count

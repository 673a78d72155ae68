"""A job whose worker died is queued again (or failed after JOBS_MAX_ATTEMPTS), never left
running; and, killed mid-import, it has written nothing."""

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessment.models import Organisation
from jobs import recovery, services
from jobs.models import Job
from tests.jobs.helpers import run_worker
from tests.jobs.sample_tasks import add_organisations


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def _running(worker_id: str, *, attempts=1, heartbeat=None) -> Job:
    """A job its worker claimed and was running when it died."""
    job = services.start_job(
        kind=Job.Kind.REPORT_PDF,
        task=add_organisations,
        title="Add",
        kwargs={"names": ["Lost and found"]},
    ).job
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING", worker_ids=[worker_id])
    Job.objects.filter(pk=job.pk).update(
        status="running", attempts=attempts, heartbeat_at=heartbeat or timezone.now()
    )
    return job


@pytest.mark.django_db
def test_a_job_whose_worker_process_is_gone_is_queued_again_and_then_done():
    job = _running(f"{recovery.HOST}:{_dead_pid()}:abcd")
    out = run_worker()
    assert f"Job {job.pk} had lost its worker: queued again." in out
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)
    lost = DBTaskResult.objects.exclude(pk=job.task_id).get()
    assert lost.status == "FAILED"
    assert lost.exception_class_path == "jobs.recovery.WorkerLost"
    assert Organisation.objects.filter(name="Lost and found").count() == 1


@pytest.mark.django_db
def test_after_the_last_attempt_it_is_marked_failed_in_words(settings):
    settings.JOBS_MAX_ATTEMPTS = 2
    job = _running(f"{recovery.HOST}:{_dead_pid()}:abcd", attempts=2)
    recovered = recovery.recover_jobs()
    assert [(r.job.pk, r.requeued) for r in recovered] == [(job.pk, False)]
    job.refresh_from_db()
    assert job.status == "failed"
    assert "The worker running this job stopped during attempt 2" in job.error
    assert "nothing it was writing was kept" in job.error


@pytest.mark.django_db
def test_a_job_whose_worker_is_alive_is_left_alone():
    other = subprocess.Popen(["sleep", "30"])
    try:
        job = _running(f"{recovery.HOST}:{other.pid}:abcd")
        assert recovery.recover_jobs() == []
    finally:
        other.kill()
        other.wait()
    job.refresh_from_db()
    assert job.status == "running"


@pytest.mark.django_db
def test_a_worker_on_another_machine_is_lost_only_when_its_heartbeat_is_stale(settings):
    settings.JOBS_STALE_AFTER_SECONDS = 600
    fresh = _running("elsewhere:123:abcd")
    stale = _running(
        "elsewhere:124:abcd", heartbeat=timezone.now() - datetime.timedelta(seconds=601)
    )
    recovered = recovery.recover_jobs()
    assert [r.job.pk for r in recovered] == [stale.pk]
    fresh.refresh_from_db()
    assert fresh.status == "running"


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_mid_import_writes_nothing_and_the_retry_completes():
    """A real worker process, killed (SIGKILL) while its one transaction is half written."""
    names = [f"Killed council {n}" for n in range(8)]
    job = services.start_job(
        kind=Job.Kind.REPORT_PDF,
        task=add_organisations,
        title="Import",
        kwargs={"names": names, "pause": 0.4},
    ).job
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch"]
    worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not Job.objects.filter(pk=job.pk, message__startswith="Writing").exists():
        assert time.monotonic() < deadline, worker.stderr.read() if worker.poll() else "slow"
        time.sleep(0.1)
    time.sleep(1.2)  # a few rows are written, none committed
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    job.refresh_from_db()
    assert job.status == "running"
    assert not Organisation.objects.filter(name__in=names).exists()

    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert f"Job {job.pk} had lost its worker: queued again." in again.stdout
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)
    assert Organisation.objects.filter(name__in=names).count() == len(names)

"""Jobs whose worker died: queued again, or failed, never left "running" for ever.

A worker that is killed (out of memory, a deploy, a power cut) leaves its task marked running
and its transaction rolled back: nothing it was writing was kept. Each worker, when it starts
and at every scheduler tick, looks for such jobs. A job is lost when its worker is known to be
dead (a worker on this machine whose process no longer exists: worker ids are
"host:pid:random") or, for a worker elsewhere, when its heartbeat (written with each progress
report) is older than JOBS_STALE_AFTER_SECONDS. A lost job is queued again while it has had
fewer than JOBS_MAX_ATTEMPTS attempts, and otherwise marked failed, saying so.
"""

from __future__ import annotations

import datetime
import os
import socket
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult

from jobs import services
from jobs.models import Job

HOST = socket.gethostname()[:40]


def new_worker_id() -> str:
    """An id naming this machine and process, so that a worker can tell a dead one here."""
    return f"{HOST}:{os.getpid()}:{get_random_string(8)}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def worker_dead(worker_id: str, *, me: str = "") -> bool:
    """Whether the worker is known to be dead: a process of this machine that is gone, or an
    earlier life of this very process id (a restarted container reuses pids)."""
    host, _, rest = worker_id.partition(":")
    pid_text = rest.partition(":")[0]
    if host != HOST or not pid_text.isascii() or not pid_text.isdigit():
        return False
    if worker_id == me or int(pid_text) == os.getpid():
        # This process is not running that job: it is starting, or running this check.
        return True
    return not _process_alive(int(pid_text))


@dataclass(frozen=True)
class Recovered:
    job: Job
    requeued: bool


def _lost(job: Job, task: DBTaskResult | None, stale_before, me: str) -> bool:
    if task is not None and task.worker_ids and worker_dead(task.worker_ids[-1], me=me):
        return True
    return (job.heartbeat_at or job.started_at or job.created_at) < stale_before


def _mark_task_failed(task: DBTaskResult | None, reason: str) -> None:
    if task is not None and task.status == "RUNNING":
        task.status = "FAILED"
        task.finished_at = timezone.now()
        task.exception_class_path = "jobs.recovery.WorkerLost"
        task.traceback = reason
        task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])


def _recover(job: Job, task: DBTaskResult | None) -> Recovered:
    lost = f"The worker running this job stopped during attempt {job.attempts}"
    _mark_task_failed(task, lost)
    if job.attempts < settings.JOBS_MAX_ATTEMPTS:
        job.status = Job.Status.QUEUED
        job.message = f"{lost}; nothing it was writing was kept. Queued again."
        job.progress_done = 0
        job.save(update_fields=["status", "message", "progress_done"])
        services.requeue(job)
        return Recovered(job, requeued=True)
    services.fail_job(
        job,
        f"{lost} (the last of {settings.JOBS_MAX_ATTEMPTS}); nothing it was writing was kept. "
        "Start it again; if it stops again, an administrator can look in the worker's log.",
    )
    return Recovered(job, requeued=False)


def _task_result(job: Job) -> DBTaskResult | None:
    """The job's row in the database queue (None with another backend, whose ids differ)."""
    try:
        return DBTaskResult.objects.filter(pk=job.task_id).first() if job.task_id else None
    except ValidationError:
        return None


def recover_jobs(*, me: str = "", now: datetime.datetime | None = None) -> list[Recovered]:
    """Queue again (or fail) every running job whose worker is lost; what was done."""
    stale_before = (now or timezone.now()) - datetime.timedelta(
        seconds=settings.JOBS_STALE_AFTER_SECONDS
    )
    done = []
    for job_id in Job.objects.filter(status=Job.Status.RUNNING).values_list("pk", flat=True):
        with transaction.atomic():
            job = Job.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
            if job is None or job.status != Job.Status.RUNNING:
                continue  # finished meanwhile, or another worker is recovering it
            task = _task_result(job)
            if _lost(job, task, stale_before, me):
                done.append(_recover(job, task))
    return done

"""Starting jobs, and inside a job's task: its progress, its result or why it failed.

Progress and results are written on the job's row with plain UPDATEs. Work that must be all
or nothing runs inside the task in one transaction; progress written inside that transaction
is seen by the job page only when it commits (PostgreSQL shows other connections committed
rows only, and SQLite would block a second writer). So a task reports progress row by row
while it reads and checks (outside any transaction), then says which phase it is in ("writing
200,000 complaints") before its one transaction, and finishes after the commit.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import PurePath
from time import monotonic

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db import DatabaseBackend

from assessment.tenancy import require_perm
from jobs.models import Job

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds), plus at the start and at the end.
PROGRESS_INTERVAL = 0.5
# A failed import lists at most this many row problems (the file may have 200,000 bad rows).
MAX_ERROR_ROWS = 1000

# Who else wants each progress report of this run (a command's progress bar).
_listeners: ContextVar[tuple[Callable[[Job], None], ...]] = ContextVar(
    "job_progress_listeners", default=()
)


class JobFailed(Exception):
    """Raised inside a job's task for a failure people should read: `message` in words and,
    for an import, `rows` as [{"row": 12, "column": "date_received", "message": "..."}]."""

    def __init__(self, message: str, rows: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.rows = rows or []


@dataclass(frozen=True)
class Started:
    """What start_job did: `created` is False when an earlier job with the same input is
    queued, running or done, and `job` is that job."""

    job: Job
    created: bool


def fingerprint(*parts) -> str:
    """A stable sha256 of the parts (file digest, organisation, options...), for start_job."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


def content_digest(file) -> str:
    """The sha256 of a file's content (an upload, or any Django File), read in chunks."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _earlier(kind: str, print_: str, *, reuse_done: bool) -> Job | None:
    statuses = [*Job.ACTIVE, Job.Status.DONE] if reuse_done else list(Job.ACTIVE)
    return (
        Job.objects.filter(kind=kind, fingerprint=print_, status__in=statuses)
        .order_by("-created_at", "-pk")
        .first()
    )


def _follow(job: Job, user) -> None:
    if user is not None and user.is_authenticated and job.started_by_id != user.pk:
        job.followers.add(user)


def _task_path(task) -> str:
    return task.module_path


def _enqueue(job: Job, task, kwargs: dict) -> None:
    def enqueue():
        result = task.enqueue(job.pk, **kwargs)
        job.task_id = str(result.id)
        Job.objects.filter(pk=job.pk).update(task_id=job.task_id)

    if isinstance(task.get_backend(), DatabaseBackend):
        # The queue is a table: job and task are written in one transaction, both or neither.
        enqueue()
    else:
        # Another queue (Redis) must not hand the task to a worker before the job is committed.
        transaction.on_commit(enqueue)


def start_job(
    *,
    kind: str,
    task,
    title: str,
    user=None,
    organisation=None,
    permission: str = "",
    subject: str = "",
    fingerprint: str = "",
    kwargs: dict | None = None,
    reuse_done: bool = True,
    queue: bool = True,
    input_file: File | None = None,
) -> Started:
    """Record a job and queue its task (`task(job_id, **kwargs)`, made with @job_task).

    With a fingerprint, the same input is never run twice at once: while an earlier job with
    it is queued or running (or done, unless reuse_done=False) that job is returned, and the
    user follows it (may see its page). `queue=False` records the job without queueing it,
    for a command that runs it at once (run_now).

    A job a person starts (`user`) is of an organisation, where their role must grant
    `permission` (PermissionDenied): they may then see it, and its result. A job of no
    organisation that a person starts (an export of their lists) is theirs alone: their role
    must grant `permission` somewhere. Scheduled jobs and commands start theirs with no user.

    `input_file`: what the task reads (an import's upload), stored with the job (under a
    random name) and deleted when the job finishes.
    """
    if user is not None:
        _check_may_start(user, permission, organisation)
    kwargs = kwargs or {}
    if fingerprint:
        earlier = _earlier(kind, fingerprint, reuse_done=reuse_done)
        if earlier is not None:
            _follow(earlier, user)
            return Started(earlier, created=False)
    job = Job(
        kind=kind,
        title=title[:300],
        started_by=user if user is not None and user.is_authenticated else None,
        organisation=organisation,
        subject=subject,
        fingerprint=fingerprint,
        message="Waiting for a worker",
        task_path=_task_path(task),
        task_kwargs=kwargs,
    )
    try:
        _record(job, task, input_file, queue=queue)
    except IntegrityError:
        # job_one_active_per_fingerprint: another request queued the same input just now.
        earlier = _earlier(kind, fingerprint, reuse_done=reuse_done) if fingerprint else None
        if earlier is None:
            raise
        _follow(earlier, user)
        return Started(earlier, created=False)
    return Started(job, created=True)


def _record(job: Job, task, input_file: File | None, *, queue: bool) -> None:
    """Save the job (with its input file) and queue its task, in one transaction; the file is
    deleted again when the job cannot be saved."""
    if input_file is not None:
        job.input_name = PurePath(input_file.name).name[:200]
        job.input_file.save(job.input_name, input_file, save=False)
    try:
        with transaction.atomic():
            job.save()
            if queue:
                _enqueue(job, task, job.task_kwargs)
    except Exception:
        if job.input_file:
            job.input_file.delete(save=False)
        raise


def _check_may_start(user, permission: str, organisation) -> None:
    if not permission:
        raise ValueError("A job a person starts names the permission it needs.")
    if organisation is not None:
        require_perm(user, permission, organisation, "Your role may not start this job.")
    elif not user.has_perm(permission):
        raise PermissionDenied("Your role may not start this job.")


def requeue(job: Job) -> None:
    """Queue the job's task again (after its worker was lost)."""
    task = import_string(job.task_path)
    _enqueue(job, task, job.task_kwargs)


def claim(job_id: int) -> Job | None:
    """Mark the job running (its task has started); None if it is gone or already finished
    (a task queued twice runs once)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        now = timezone.now()
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.started_at = job.heartbeat_at = now
        job.progress_done, job.progress_total = 0, None
        job.message = "Started"
        job.save(
            update_fields=[
                "status",
                "attempts",
                "started_at",
                "heartbeat_at",
                "progress_done",
                "progress_total",
                "message",
            ]
        )
    return job


def report_progress(
    job: Job,
    done: int,
    total: int | None = None,
    *,
    unit: str | None = None,
    message: str | None = None,
) -> None:
    """Record how far the job is (`done` of `total` `unit`s, e.g. rows). Cheap to call for
    every row: written at most every PROGRESS_INTERVAL seconds, and whenever the message
    changes or the work is complete. Each write is also the job's heartbeat."""
    job.progress_done = done
    if total is not None:
        job.progress_total = total
    if unit is not None:
        job.progress_unit = unit
    changed = message is not None and message != job.message
    if message is not None:
        job.message = message[: Job._meta.get_field("message").max_length]
    for listener in _listeners.get():
        listener(job)
    now = monotonic()
    complete = job.progress_total is not None and done >= job.progress_total
    if not (changed or complete) and now - getattr(job, "_written_at", 0.0) < PROGRESS_INTERVAL:
        return
    job._written_at = now
    job.heartbeat_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        progress_done=job.progress_done,
        progress_total=job.progress_total,
        progress_unit=job.progress_unit,
        message=job.message,
        heartbeat_at=job.heartbeat_at,
    )


def finish_job(
    job: Job,
    *,
    message: str = "Done",
    result_url: str = "",
    content: bytes | File | None = None,
    filename: str = "",
    content_type: str = "application/octet-stream",
    keep_for: datetime.timedelta | None = None,
) -> Job:
    """Mark the job done, with a link to what it made and/or a file (stored under a random
    name in the default storage, downloaded as `filename`): `content` as bytes, or as a File
    (a large export spooled to disk). `keep_for`: the file is deleted after this long."""
    fields = ["status", "finished_at", "message", "result_url", "progress_done", "heartbeat_at"]
    if content is not None:
        stored = content if isinstance(content, File) else ContentFile(content)
        job.result_file.save(filename or "result", stored, save=False)
        job.result_name = filename
        job.result_content_type = content_type
        fields += ["result_file", "result_name", "result_content_type"]
    if keep_for is not None:
        job.expires_at = timezone.now() + keep_for
        fields.append("expires_at")
    _discard_input(job, fields)
    job.status = Job.Status.DONE
    job.finished_at = job.heartbeat_at = timezone.now()
    job.message = message[: Job._meta.get_field("message").max_length]
    job.result_url = result_url
    if job.progress_total:
        job.progress_done = job.progress_total
    job.save(update_fields=fields)
    return job


def fail_job(job: Job, message: str, rows: list[dict] | None = None) -> Job:
    """Mark the job failed, saying why in words (and, for an import, which rows and columns)."""
    job.status = Job.Status.FAILED
    job.finished_at = job.heartbeat_at = timezone.now()
    job.error = message
    job.error_rows = list(rows or [])[:MAX_ERROR_ROWS]
    job.message = "Failed"
    fields = ["status", "finished_at", "heartbeat_at", "error", "error_rows", "message"]
    _discard_input(job, fields)
    job.save(update_fields=fields)
    return job


def _discard_input(job: Job, fields: list[str]) -> None:
    """A finished job's upload is no longer needed (nor kept: it may hold personal data)."""
    if job.input_file:
        job.input_file.delete(save=False)
        fields.append("input_file")


def expire_files(now: datetime.datetime | None = None) -> int:
    """Delete the result files kept for a limited time whose time is over; how many."""
    expired = Job.objects.filter(expires_at__lte=now or timezone.now()).exclude(result_file="")
    count = 0
    for job in expired.only("pk", "result_file"):
        job.result_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(result_file="")
        count += 1
    return count


UNEXPECTED = (
    "The job stopped on an unexpected error; nothing it was writing was kept. The error is in "
    "the worker's log: an administrator can look it up by the job's number."
)


def run(job_id: int, function: Callable, kwargs: dict):
    """Run one job's work (the body of every @job_task): claim, do, finish or fail."""
    job = claim(job_id)
    if job is None:
        return None
    try:
        function(job, **kwargs)
    except JobFailed as failure:
        fail_job(job, failure.message, failure.rows)
        return {"job": job.pk, "status": job.status}
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        fail_job(job, UNEXPECTED)
        raise
    if job.status != Job.Status.DONE:
        finish_job(job, message=job.message if job.message != "Started" else "Done")
    return {"job": job.pk, "status": job.status}


def run_now(job: Job, *, on_progress: Callable[[Job], None] | None = None) -> Job:
    """Run a recorded job in this process at once (a command's --now), telling `on_progress`
    of each progress report; the job's page shows it as any other."""
    task = import_string(job.task_path)
    token = _listeners.set((*_listeners.get(), on_progress) if on_progress else _listeners.get())
    try:
        task.call(job.pk, **job.task_kwargs)
    finally:
        _listeners.reset(token)
    job.refresh_from_db()
    if on_progress is not None:
        on_progress(job)  # as it ended: done (100%) or failed
    return job

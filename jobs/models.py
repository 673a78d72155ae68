"""A background job as people see it: who started it, its progress and its result.

The queue itself is Django's task framework (django-tasks, with django-tasks-db's DBTaskResult
by default); a Job wraps one task result (`task_id`) with what the pages show.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format

from assessment.tenancy import ScopedQuerySet, organisation_ids


def job_result_path(instance, filename: str) -> str:
    """Stored under a random name (the download name is `result_name`), never the given one."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"jobs/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


def job_input_path(instance, filename: str) -> str:
    """An upload a job reads (an import's file), under a random name, kept till it finishes."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"jobs/inputs/{uuid.uuid4().hex}{suffix}"


class JobQuerySet(ScopedQuerySet):
    # Jobs of no organisation (the scheduled ones) belong to nobody: for_user leaves them out.
    organisation_lookup = "organisation"

    def visible_to(self, user):
        """Jobs the user may see: those they started or asked for too (joined), while they
        are still a member of the job's organisation; a superuser sees all. Other members of
        the organisation do not: a job and its file are the person's who asked for them."""
        if user.is_active and user.is_superuser:
            return self
        followed = Job.followers.through.objects.filter(job_id=OuterRef("pk"), user_id=user.pk)
        mine = self.filter(Q(started_by_id=user.pk) | Exists(followed))
        return mine.filter(
            Q(organisation__isnull=True) | Q(organisation_id__in=organisation_ids(user))
        )

    def active(self):
        """Queued or running."""
        return self.filter(status__in=Job.ACTIVE)

    def for_list(self):
        return self.select_related("started_by", "organisation").defer("error_rows", "error")


class Job(models.Model):
    class Kind(models.TextChoices):
        REPORT_PDF = "report_pdf", "Assessment report PDF"
        PLAN_PDF = "plan_pdf", "Action plan PDF"
        YOU_SAID_PDF = "you_said_pdf", "You said, we did PDF"
        REMINDER_DIGEST = "reminder_digest", "Daily reminder digest"
        ACTION_SNAPSHOTS = "action_snapshots", "Daily record of the actions' status"
        RETURN_PACK_PDF = "return_pack_pdf", "Information return pack (PDF)"
        RETURN_PACK_XLSX = "return_pack_xlsx", "Information return pack (workbook)"
        COMPLAINTS_IMPORT = "complaints_import", "Complaints import"
        REPORT_IMPORT = "report_import", "Report import"
        EXPORT = "export", "Export"
        LEARNING_REPORT_PDF = "learning_report_pdf", "Learning report PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    FINISHED = (Status.DONE, Status.FAILED)

    kind = models.CharField(max_length=40, choices=Kind)
    title = models.CharField(max_length=300, help_text="What the job makes, in words.")
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        help_text="Empty for scheduled jobs.",
    )
    # Others who asked for the same thing while it was queued or running share the job.
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="followed_jobs"
    )
    organisation = models.ForeignKey(
        "assessment.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
    )
    # What the job is about ("assessment:12"), to find the stored file of a document.
    subject = models.CharField(max_length=100, blank=True)
    # The same input (file + organisation + options, or a document's version) twice is one job.
    fingerprint = models.CharField(max_length=64, blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="The task result's id.")
    # The task and its arguments, so a job whose worker died can be queued again.
    task_path = models.CharField(max_length=200, blank=True)
    task_kwargs = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    progress_unit = models.CharField(max_length=20, blank=True, help_text="rows, pages, steps")
    # What it is doing, or what it did (a report import: a line per statement).
    message = models.CharField(max_length=2000, blank=True)

    # What the job reads (an import's uploaded file), deleted when the job finishes.
    input_file = models.FileField(upload_to=job_input_path, max_length=200, blank=True)
    input_name = models.CharField(max_length=200, blank=True, help_text="The file's own name.")

    result_url = models.CharField(max_length=500, blank=True)
    result_file = models.FileField(upload_to=job_result_path, max_length=200, blank=True)
    result_name = models.CharField(max_length=200, blank=True, help_text="Download file name.")
    result_content_type = models.CharField(max_length=100, blank=True)
    # A result kept for a limited time (an export): after this, the file is deleted.
    expires_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why it failed, in words.")
    # For imports: [{"row": 12, "column": "date_received", "message": "..."}, ...]
    error_rows = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written with the progress: a running job whose heartbeat is old has lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="job_status_valid",
            ),
            # Two submissions of the same input at once: the second insert fails, and joins.
            models.UniqueConstraint(
                fields=["kind", "fingerprint"],
                condition=Q(status__in=["queued", "running"]) & ~Q(fingerprint=""),
                name="job_one_active_per_fingerprint",
            ),
        ]
        indexes = [
            models.Index(fields=["started_by", "-created_at"], name="job_starter_recent_idx"),
            models.Index(fields=["kind", "subject", "status"], name="job_subject_idx"),
            models.Index(fields=["kind", "fingerprint"], name="job_fingerprint_idx"),
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat_idx"),
            models.Index(
                fields=["expires_at"],
                condition=Q(expires_at__isnull=False),
                name="job_expires_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:job-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def progress_text(self) -> str:
        """ "1,200 of 50,000 rows", "2 of 3 steps", or "" while nothing is counted yet."""
        done = number_format(self.progress_done, force_grouping=True)
        if self.progress_total:
            total = number_format(self.progress_total, force_grouping=True)
            return f"{done} of {total} {self.progress_unit}".strip()
        return f"{done} {self.progress_unit}".strip() if self.progress_done else ""

    @property
    def result_link(self) -> tuple[str, str]:
        """(URL, words) of what the job made, or ("", "") until it is done."""
        if self.status != self.Status.DONE:
            return "", ""
        url = self.result_url
        if not url and self.result_file and not self.is_expired:
            url = reverse("jobs:job-file", args=[self.pk])
        if not url:
            return "", ""
        return url, f"Download {self.result_name}" if self.result_name else "Open the result"

    @property
    def is_expired(self) -> bool:
        """Whether its result file was kept for a limited time that is over."""
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def percent(self) -> int | None:
        """Whole percent done, or None while the total is unknown."""
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return None
        return min(100, self.progress_done * 100 // self.progress_total)


class ScheduledRun(models.Model):
    """One run of a periodic job in one slot (a day, or a tick): inserted before the job is
    queued, so of several workers or cron hosts triggering at once exactly one wins."""

    name = models.CharField(max_length=60)
    slot = models.CharField(max_length=40, help_text="e.g. 2025-05-01 for a daily job.")
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="scheduledrun_once_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.slot}"

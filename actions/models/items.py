"""Actions, their RAG status, progress updates and effectiveness reviews.

RAG is derived, never stored: `ActionQuerySet.with_rag()` computes it in the database (so lists
filter and count by it) and `rag_for()` computes it for one action; both follow the same rule.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, CharField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.models.plans import ActionPlan
from assessment.models import Membership
from assessment.tenancy import ScopedQuerySet
from complaints.models import Complaint, ComplaintCategory
from core.validators import not_in_future, within_ten_years
from findings.models import Finding

AMBER_DAYS = 14


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


RAG_MEANING = {
    Rag.RED: "Overdue or blocked",
    Rag.AMBER: f"Due within {AMBER_DAYS} days",
    Rag.GREEN: "On track or complete",
}


def rag_expression(today: datetime.date) -> Case:
    """The RAG rule as a database expression (mirrors rag_for)."""
    return Case(
        When(status=Action.Status.COMPLETE, then=Value(Rag.GREEN.value)),
        When(
            Q(status=Action.Status.BLOCKED) | Q(due_date__lt=today),
            then=Value(Rag.RED.value),
        ),
        When(
            due_date__lte=today + datetime.timedelta(days=AMBER_DAYS),
            then=Value(Rag.AMBER.value),
        ),
        default=Value(Rag.GREEN.value),
        output_field=CharField(max_length=5),
    )


def rag_for(*, status: str, due_date: datetime.date, today: datetime.date) -> str:
    """Red = overdue or blocked; amber = due within AMBER_DAYS and not complete; else green."""
    if status == Action.Status.COMPLETE:
        return Rag.GREEN
    if status == Action.Status.BLOCKED or due_date < today:
        return Rag.RED
    if due_date <= today + datetime.timedelta(days=AMBER_DAYS):
        return Rag.AMBER
    return Rag.GREEN


class ActionQuerySet(ScopedQuerySet):
    organisation_lookup = "plan__organisation"

    def with_rag(self, today: datetime.date | None = None):
        """Annotate `rag` ("red", "amber", "green"), computed by the database against today."""
        return self.annotate(rag=rag_expression(today or timezone.localdate()))

    def open(self):
        """Actions not yet complete."""
        return self.exclude(status=Action.Status.COMPLETE)

    def overdue(self, today: datetime.date | None = None):
        """Open actions whose due date has passed."""
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def due_within(self, days: int, today: datetime.date | None = None):
        """Open actions due from today up to `days` days ahead (not overdue ones)."""
        today = today or timezone.localdate()
        return self.open().filter(
            due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days)
        )

    def owned_by_members(self):
        """Actions whose owner is an active user and an active member of the action's
        organisation (one EXISTS): whom reminders may be sent to. Someone who left the
        council, or whose membership was ended, is no longer written to about its actions."""
        membership = Membership.objects.filter(
            user_id=models.OuterRef("owner_id"),
            organisation_id=models.OuterRef("plan__organisation_id"),
            is_active=True,
        )
        return self.filter(owner__is_active=True).filter(models.Exists(membership))

    def follow_ups_prefetch(self) -> models.Prefetch:
        """The follow-ups of each action, soonest due first: what a partly or not effective
        action is shown with instead of its RAG (see Action.shortfall_review)."""
        return models.Prefetch("follow_ups", queryset=Action.objects.order_by("due_date", "pk"))

    def for_list(self, today: datetime.date | None = None):
        """What an action table shows: plan, owner, RAG and linked findings, in fixed queries."""
        return (
            self.select_related("plan__organisation", "owner", "review", "verified_by")
            .prefetch_related(
                models.Prefetch(
                    "findings", queryset=Finding.objects.order_by("pk").only("pk", "text")
                ),
                self.follow_ups_prefetch(),
            )
            .with_rag(today)
            # Open actions first (no completion date), then by due date.
            .order_by(models.F("completed_on").asc(nulls_first=True), "due_date", "pk")
        )


class Action(models.Model):
    """One owned, dated thing to do, answering findings or complaints."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        BLOCKED = "blocked", "Blocked"
        COMPLETE = "complete", "Complete"

    class Priority(models.IntegerChoices):
        HIGH = 1, "High"
        MEDIUM = 2, "Medium"
        LOW = 3, "Low"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_actions",
        help_text="Who will do it (only managers may name someone else).",
    )
    due_date = models.DateField(validators=[within_ten_years])
    priority = models.PositiveSmallIntegerField(choices=Priority, default=Priority.MEDIUM)
    status = models.CharField(max_length=20, choices=Status, default=Status.NOT_STARTED)
    percent_complete = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text="As last reported."
    )
    success_measure = models.TextField(
        verbose_name="how we will know it worked",
        help_text="The measurable change that will show the action worked.",
    )
    findings = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="actions",
        help_text="Findings of the plan's assessment that this action answers.",
    )
    complaint_categories = models.ManyToManyField(
        ComplaintCategory, blank=True, related_name="actions"
    )
    complaints = models.ManyToManyField(Complaint, blank=True, related_name="actions")
    follow_up_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text="The action whose review found it had not (fully) worked.",
    )
    completed_on = models.DateField(null=True, blank=True, editable=False)
    # "Verified complete": a manager confirmed it was done (as incident systems close an action
    # only once someone other than who did it has checked). Needed before the review of effect.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    verification_note = models.TextField(
        blank=True,
        editable=False,
        help_text="What the manager checked to confirm it was done.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit names the version it opened (core.concurrency.check_edit).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        permissions = [
            ("manage_action", "Can assign action owners and update any action"),
            ("review_action", "Can record effectiveness reviews"),
        ]
        indexes = [
            # The action lists' order (open first, then by due date) has an index too, made on
            # PostgreSQL only by migration 0005 (SQLite has no NULLS FIRST in indexes).
            models.Index(fields=["plan", "status"], name="action_plan_status_idx"),
            models.Index(fields=["owner", "status"], name="action_owner_status_idx"),
            # Overdue, due-soon and reminder queries only ever look at open actions.
            models.Index(
                fields=["due_date"],
                condition=~Q(status="complete"),
                name="action_open_due_idx",
            ),
            models.Index(
                fields=["owner", "due_date"],
                condition=~Q(status="complete"),
                name="action_open_owner_due_idx",
            ),
            # The dashboard's one aggregate over open actions: read from this index alone.
            models.Index(
                fields=["plan", "status", "due_date"],
                condition=~Q(status="complete"),
                name="action_open_plan_status_idx",
            ),
            models.Index(
                fields=["completed_on"],
                condition=Q(status="complete"),
                name="action_completed_on_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "in_progress", "blocked", "complete"]),
                name="action_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100), name="action_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=(Q(status="complete") & Q(completed_on__isnull=False))
                | (~Q(status="complete") & Q(completed_on__isnull=True)),
                name="action_completed_on_iff_complete",
            ),
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True) | Q(status="complete"),
                name="action_verified_only_complete",
            ),
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True, verified_by__isnull=True)
                | Q(verified_at__isnull=False, verified_by__isnull=False),
                name="action_verified_by_and_at",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:action-detail", args=[self.pk])

    def current_rag(self, today: datetime.date | None = None) -> str:
        """The RAG status of this one action (lists use the with_rag() annotation `rag`)."""
        return rag_for(
            status=self.status, due_date=self.due_date, today=today or timezone.localdate()
        )

    @property
    def is_complete(self) -> bool:
        return self.status == self.Status.COMPLETE

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def shortfall_review(self) -> EffectivenessReview | None:
        """The review of this complete action when it found it partly or not effective, else
        None. Such an action is shown by that outcome and its follow-up, not by its RAG (green
        for any complete action, "on track or complete", which would mislead)."""
        if not self.is_complete:
            return None
        review = getattr(self, "review", None)
        return review if review is not None and review.needs_follow_up else None

    @property
    def days_late(self) -> int:
        """Days between the due date and completion when completed late, else 0. RAG stays
        green for a completed action (the issue's rule); this is shown beside it."""
        if self.completed_on is None or self.completed_on <= self.due_date:
            return 0
        return (self.completed_on - self.due_date).days


class ActionRecordQuerySet(ScopedQuerySet):
    """Progress updates and reviews: records of one action."""

    organisation_lookup = "action__plan__organisation"


def progress_evidence_path(instance, filename: str) -> str:
    """Never trust the uploaded name: a random name, keeping only the extension."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"progress/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class ProgressUpdate(models.Model):
    """A dated entry in an action's log: what was done, and optionally a new status or percent."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates"
    )
    date = models.DateField(default=timezone.localdate, validators=[not_in_future])
    text = models.TextField(verbose_name="what was done")
    status_from = models.CharField(max_length=20, choices=Action.Status, blank=True)
    status_to = models.CharField(
        max_length=20, choices=Action.Status, blank=True, verbose_name="new status"
    )
    percent = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        verbose_name="percent complete",
    )
    # Proof of what was done: a file (checked as evidence uploads are) and/or a link.
    evidence_file = models.FileField(
        upload_to=progress_evidence_path, blank=True, max_length=200, verbose_name="evidence file"
    )
    evidence_filename = models.CharField(max_length=255, blank=True, editable=False)
    evidence_content_type = models.CharField(max_length=100, blank=True, editable=False)
    evidence_url = models.URLField(blank=True, max_length=500, verbose_name="evidence link")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["action", "date"], name="progress_action_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="progress_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.date:%d %b %Y}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file or self.evidence_url)


class EffectivenessReview(models.Model):
    """Whether a completed action worked, judged by a manager against its success measure."""

    class Outcome(models.TextChoices):
        EFFECTIVE = "effective", "Effective"
        PARTLY_EFFECTIVE = "partly_effective", "Partly effective"
        NOT_EFFECTIVE = "not_effective", "Not effective"

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="review")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="effectiveness_reviews"
    )
    date = models.DateField(default=timezone.localdate, validators=[not_in_future])
    outcome = models.CharField(max_length=20, choices=Outcome)
    evidence = models.TextField(
        verbose_name="evidence of effect",
        help_text="What shows the change happened (or did not): data, feedback, audit.",
    )
    no_follow_up_reason = models.TextField(
        blank=True,
        verbose_name="no follow-up because…",
        help_text="For partly or not effective: why no follow-up action is needed.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ActionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["outcome"], name="review_outcome_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["effective", "partly_effective", "not_effective"]),
                name="review_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.get_outcome_display()}"

    @property
    def needs_follow_up(self) -> bool:
        return self.outcome != self.Outcome.EFFECTIVE

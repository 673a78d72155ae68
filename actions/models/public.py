"""What the organisation publishes about its actions ("You said, we did"): the groups and
surveys it hears people through (feedback sources), and the public wording written for each
effectiveness review, shown only once a manager has approved it.

Public wording is the only text of an entry a public page prints: the review's evidence, the
action's title and description, the findings and complaints it answers stay internal.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actions.models.items import EffectivenessReview
from assessment.models import Organisation
from assessment.tenancy import ScopedQuerySet


class FeedbackSourceQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"


class FeedbackSource(models.Model):
    """Where the organisation hears people: a carers' forum, a survey, a reference group. Each
    has a page of what people said through it and what changed, to tell them outcomes."""

    class Kind(models.TextChoices):
        FORUM = "forum", "Forum or group"
        SURVEY = "survey", "Survey"
        COMPLAINTS = "complaints", "Complaints and compliments"
        INSPECTION = "inspection", "Inspection or review"
        EVENT = "event", "Engagement event"
        OTHER = "other", "Other"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="feedback_sources"
    )
    name = models.CharField(
        max_length=120,
        help_text="As people know it, e.g. “Carers' forum”, “Adult social care survey”.",
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.FORUM)
    description = models.TextField(
        blank=True,
        help_text="Who takes part and who runs it. Shown on its public page.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = FeedbackSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                name="feedback_source_unique_name",
                violation_error_message="This organisation already has a feedback source of "
                "this name.",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["forum", "survey", "complaints", "inspection", "event", "other"]
                ),
                name="feedback_source_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actions:feedback-source-detail", args=[self.pk])


class PublicWordingQuerySet(ScopedQuerySet):
    organisation_lookup = "review__action__plan__organisation"

    def approved(self):
        """Wording a manager approved: the only wording public pages show."""
        return self.filter(status=PublicWording.Status.APPROVED)


class PublicWording(models.Model):
    """The words an effectiveness review is published in: what people said, what we did, what
    changed and, when it did not (fully) work, what we are doing next. Written by an officer,
    approved by a manager of the organisation; an edit of approved wording makes it a draft
    again, to be approved again before it is shown."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft: awaiting a manager's approval"
        APPROVED = "approved", "Approved: published"

    review = models.OneToOneField(
        EffectivenessReview, on_delete=models.CASCADE, related_name="public_wording"
    )
    you_said = models.TextField(
        verbose_name="you said",
        help_text="What people told us, in their terms. No names or case details.",
    )
    we_did = models.TextField(
        verbose_name="we did", help_text="What we did about it, in plain language."
    )
    what_changed = models.TextField(
        verbose_name="what changed",
        help_text="What is different now for the people who told us (or what did not change).",
    )
    next_steps = models.TextField(
        blank=True,
        verbose_name="what we are doing next",
        help_text="Needed when the review found it did not (fully) work: what comes next.",
    )
    sources = models.ManyToManyField(
        FeedbackSource,
        blank=True,
        related_name="wordings",
        verbose_name="heard through",
        help_text="The feedback sources people told us through; the entry shows on their pages.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    # Approval names a version: a manager approves the words they read, not a later edit.
    version = models.PositiveIntegerField(default=1, editable=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PublicWordingQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        permissions = [("approve_publicwording", "Can approve public wording")]
        indexes = [models.Index(fields=["status"], name="public_wording_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "approved"]), name="public_wording_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="approved", approved_by__isnull=False, approved_at__isnull=False)
                    | Q(status="draft", approved_by__isnull=True, approved_at__isnull=True)
                ),
                name="public_wording_approved_by_and_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Public wording of {self.review}"

    def get_absolute_url(self) -> str:
        return reverse("actions:public-wording", args=[self.review_id])

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

"""Learning briefs: a lesson written for practitioners, sent to an audience (teams and named
people), acknowledged by each person, and later checked for effect (models.checks).

The audience is fixed when the brief is published: AudienceMember keeps one row per person and
team they were sent it through (team null: named on the brief), so reach is counted exactly
against who was sent it, whoever joins or leaves a team later."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actions.models import Action
from assessment.models import Organisation
from assessment.tenancy import ScopedQuerySet
from complaints.models import Complaint
from core.validators import within_a_year
from findings.models import Finding
from learning.models.reviews import SARRecommendation
from learning.models.teams import Team


class BriefQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"

    def published(self):
        return self.filter(status=LearningBrief.Status.PUBLISHED)

    def unchecked(self):
        """Briefs with no effectiveness check recorded yet."""
        return self.filter(checks__isnull=True)

    def check_overdue(self, today):
        """Published briefs whose check date has passed with no check recorded."""
        return self.published().unchecked().filter(check_due__lt=today)


class LearningBrief(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Source(models.TextChoices):
        RECOMMENDATION = "recommendation", "Safeguarding Adults Review"
        COMPLAINT = "complaint", "Complaint"
        FINDING = "finding", "Inspection finding"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="learning_briefs"
    )
    title = models.CharField(max_length=200)
    what_happened = models.TextField(help_text="What happened, without names or case details.")
    what_to_do = models.TextField(
        verbose_name="what to do differently", help_text="What practitioners should now do."
    )
    # Its source: exactly one of these.
    recommendation = models.ForeignKey(
        SARRecommendation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="briefs",
        verbose_name="SAR recommendation",
    )
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="learning_briefs"
    )
    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="learning_briefs"
    )
    rebrief_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="rebriefs",
        help_text="The brief whose check found the learning not embedded.",
    )
    audience_teams = models.ManyToManyField(
        Team, blank=True, related_name="briefs", verbose_name="teams"
    )
    audience_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="named people"
    )
    acknowledge_by = models.DateField(
        validators=[within_a_year], help_text="Everyone in the audience acknowledges by then."
    )
    check_due = models.DateField(
        verbose_name="check date",
        validators=[within_a_year],
        help_text="When to check that practice changed (e.g. a case-file audit).",
    )
    actions = models.ManyToManyField(
        Action,
        blank=True,
        related_name="learning_briefs",
        help_text="The actions that carry the change in practice.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = BriefQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("publish_learningbrief", "Can publish a learning brief to its audience"),
            ("view_reach", "Can see who has and has not acknowledged a brief"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(recommendation__isnull=False, complaint__isnull=True, finding__isnull=True)
                    | Q(recommendation__isnull=True, complaint__isnull=False, finding__isnull=True)
                    | Q(recommendation__isnull=True, complaint__isnull=True, finding__isnull=False)
                ),
                name="learning_brief_one_source",
                violation_error_message="A brief has exactly one source.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True)
                | Q(status="published", published_at__isnull=False),
                name="learning_brief_published_at",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "check_due"], name="learning_brief_due")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:brief-detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def source_kind(self) -> str:
        if self.recommendation_id:
            return self.Source.RECOMMENDATION
        return self.Source.COMPLAINT if self.complaint_id else self.Source.FINDING

    @property
    def source_label(self) -> str:
        return self.Source(self.source_kind).label

    @property
    def source(self):
        return self.recommendation or self.complaint or self.finding


def attachment_path(instance, filename: str) -> str:
    """Never trust the uploaded name: a random name, keeping only the extension."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"learning/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class BriefPartQuerySet(ScopedQuerySet):
    organisation_lookup = "brief__organisation"


class BriefAttachment(models.Model):
    """A file sent with the brief (a one-page summary, a practice guide), checked as every
    upload is (core.uploads.check_upload) and served only to those who may read the brief."""

    brief = models.ForeignKey(LearningBrief, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    filename = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = BriefPartQuerySet.as_manager()

    class Meta:
        ordering = ["brief", "pk"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("learning:attachment-file", args=[self.pk])


class AudienceMember(models.Model):
    """One person the published brief was sent to, through one team (null: named on it)."""

    brief = models.ForeignKey(LearningBrief, on_delete=models.CASCADE, related_name="audience")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = BriefPartQuerySet.as_manager()

    class Meta:
        ordering = ["brief", "team", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["brief", "person", "team"],
                condition=Q(team__isnull=False),
                name="learning_audience_once_per_team",
            ),
            models.UniqueConstraint(
                fields=["brief", "person"],
                condition=Q(team__isnull=True),
                name="learning_audience_named_once",
            ),
        ]
        indexes = [models.Index(fields=["person", "brief"], name="learning_audience_person")]

    def __str__(self) -> str:
        return f"{self.person} ({self.team or 'named'})"


class Acknowledgement(models.Model):
    """A person of the audience has read and understood the brief (once)."""

    brief = models.ForeignKey(
        LearningBrief, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    at = models.DateTimeField()
    reflection = models.TextField(
        blank=True, help_text="Optional: what you will do differently, or a question."
    )

    objects = BriefPartQuerySet.as_manager()

    class Meta:
        ordering = ["brief", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["brief", "person"],
                name="learning_acknowledged_once",
                violation_error_message="You have already acknowledged this brief.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} acknowledged {self.brief}"

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessment.models import Assessment, QualityStatement
from assessment.tenancy import ScopedQuerySet


class TopicQuerySet(ScopedQuerySet):
    organisation_lookup = "assessment__organisation"


class Topic(models.Model):
    """A topic heading of key findings for one statement of one assessment, e.g. "Learning from
    feedback". Topics keep the order in which they were first entered, as reports print them."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="topics")
    statement = models.ForeignKey(QualityStatement, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "statement", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "statement", "title"], name="topic_unique_title"
            ),
            # Also the index the statement page reads topics in order by.
            models.UniqueConstraint(
                fields=["assessment", "statement", "order"], name="topic_unique_order"
            ),
        ]
        indexes = [
            models.Index(fields=["title"], name="topic_title_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class FindingQuerySet(ScopedQuerySet):
    organisation_lookup = "topic__assessment__organisation"

    def for_statement(self, assessment, statement):
        """The statement's findings as the report prints them: by topic, then position."""
        return (
            self.filter(topic__assessment=assessment, topic__statement=statement)
            .select_related("topic", "recorded_by")
            .order_by("topic__order", "order", "pk")
        )

    def for_list(self):
        return self.select_related(
            "topic__assessment__organisation", "topic__statement__theme", "recorded_by"
        )


class Finding(models.Model):
    """One key finding: a paragraph under a topic heading, attributed to a source."""

    class Source(models.TextChoices):
        PEOPLE = "people", "People and carers"
        STAFF = "staff", "Staff"
        LEADERS = "leaders", "Senior leaders"
        PARTNERS = "partners", "Partners"
        PROVIDERS = "providers", "Providers"
        DATA = "data", "Data and documents"
        COMPLAINTS = "complaints", "Complaints and feedback"
        OTHER = "other", "Other"

    class EvidenceCategory(models.TextChoices):
        PEOPLE_EXPERIENCE = "people_experience", "People's experience"
        STAFF_LEADERS = "staff_leaders", "Feedback from staff and leaders"
        PARTNERS = "partners", "Feedback from partners"
        PROCESSES = "processes", "Processes"

    class Judgement(models.TextChoices):
        NOT_REVIEWED = "not_reviewed", "Not yet reviewed"
        STRENGTH = "strength", "Strength"
        SHORTFALL = "shortfall", "Shortfall"
        MIXED = "mixed", "Mixed"

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="findings")
    order = models.PositiveIntegerField(default=0, help_text="Position within its topic.")
    text = models.TextField()
    source = models.CharField(
        max_length=20, choices=Source, default=Source.OTHER, help_text="Who or what said it."
    )
    evidence_category = models.CharField(
        max_length=20, choices=EvidenceCategory, blank=True, help_text="CQC evidence category."
    )
    judgement = models.CharField(max_length=20, choices=Judgement, default=Judgement.NOT_REVIEWED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_findings",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: a save must name the version it edited (see services.update_finding).
    version = models.PositiveIntegerField(default=1)
    # Whether any action answers it: kept by the database (triggers of actions migration 0014
    # on the action-finding links, and on this table so a save of a stale object cannot undo
    # it), so the dashboard's unanswered shortfalls are read from a partial index. Never
    # written by the application.
    answered = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["answered"])
    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "order", "pk"]
        constraints = [
            # Two additions at once must not share a position (services lock the topic first);
            # also the index findings are read in order by.
            models.UniqueConstraint(fields=["topic", "order"], name="finding_unique_order"),
        ]
        indexes = [
            models.Index(fields=["source"], name="finding_source_idx"),
            models.Index(fields=["judgement"], name="finding_judgement_idx"),
            models.Index(fields=["evidence_category"], name="finding_category_idx"),
            # Unanswered shortfalls (the dashboard's top ten, the readiness check, their list).
            models.Index(
                fields=["topic"],
                condition=models.Q(judgement="shortfall", answered=False),
                name="finding_unanswered_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80] + ("…" if len(self.text) > 80 else "")

    def get_absolute_url(self) -> str:
        return reverse("findings:finding-detail", args=[self.pk])


# Here, not in models/evidence.py, because migrations name it by this path.
def evidence_upload_path(instance, filename: str) -> str:
    """Never trust the uploaded name: store under a random name, keeping only the extension."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"

"""The evidence library: an organisation's documents, datasets, surveys and notes, each with an
owner, a review date and every uploaded version of its file.

Evidence belongs to the organisation, not to one assessment: the same item supports findings
(and, through readiness's self-assessment links, statements) in any of the organisation's
assessments. The file fields on Evidence are its current version's (the latest upload), so a
page or export that wants "the file" reads them without a join; EvidenceVersion keeps every
upload, with who uploaded it and when.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from assessment.models import Organisation
from assessment.tenancy import ScopedQuerySet
from core.validators import within_a_year
from findings.models.findings import Finding, evidence_upload_path

# Evidence is "due for review" this many days before its review date (the digest's reminder).
REVIEW_NOTICE_DAYS = 14


class EvidenceQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"

    def for_library(self):
        """The library's rows: owner and uploader joined, findings counted, newest first."""
        return (
            self.select_related("organisation", "owner", "added_by")
            .annotate(finding_count=Count("findings", distinct=True))
            .order_by("-date", "-pk")
        )

    def linked_to_assessment(self, assessment):
        """Evidence supporting any finding of the assessment (each item once)."""
        return self.filter(
            pk__in=Finding.evidence.through.objects.filter(
                finding__topic__assessment=assessment
            ).values("evidence_id")
        )

    def lapsed(self, today: datetime.date):
        """Past its review date."""
        return self.filter(review_date__lt=today)

    def due_for_review(self, today: datetime.date):
        """Past its review date, or reaching it within REVIEW_NOTICE_DAYS."""
        return self.filter(review_date__lte=today + datetime.timedelta(days=REVIEW_NOTICE_DAYS))


class Evidence(models.Model):
    """A document, dataset, survey or note of an organisation, behind findings of any of its
    assessments."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", "Document"
        DATASET = "dataset", "Dataset"
        SURVEY = "survey", "Survey"
        NOTE = "note", "Note"
        OTHER = "other", "Other"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.DOCUMENT)
    date = models.DateField(
        null=True,
        blank=True,
        validators=[within_a_year],
        help_text="The date of the document or data.",
    )
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_evidence",
        help_text="Who keeps it up to date: a member of the organisation.",
    )
    review_date = models.DateField(
        null=True,
        blank=True,
        help_text=f"When it must be reviewed; its owner is reminded {REVIEW_NOTICE_DAYS} days "
        "before, in the daily digest.",
    )
    file = models.FileField(upload_to=evidence_upload_path, blank=True, max_length=200)
    original_filename = models.CharField(max_length=255, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    url = models.URLField(blank=True, max_length=500, verbose_name="Link")
    findings = models.ManyToManyField(Finding, related_name="evidence", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: an edit names the version it opened (core.concurrency.check_edit).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[findings])
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=~(~Q(file="") & ~Q(url="")), name="evidence_file_or_link_not_both"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "review_date"], name="evidence_review_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("findings:evidence-detail", args=[self.pk])

    def clean(self) -> None:
        if self.file and self.url:
            raise ValidationError(
                "Give either an uploaded file or a link, not both.", code="file_and_link"
            )
        if not self.file and not self.url and self.kind != self.Kind.NOTE:
            raise ValidationError(
                "Upload a file or give a link (only a note may have neither).",
                code="file_or_link_required",
            )


class EvidenceVersionQuerySet(ScopedQuerySet):
    organisation_lookup = "evidence__organisation"


class EvidenceVersion(models.Model):
    """One uploaded file of an evidence item. A new upload adds a version; none is replaced."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=evidence_upload_path, max_length=200)
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = EvidenceVersionQuerySet.as_manager()

    class Meta:
        ordering = ["evidence", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "number"], name="evidence_version_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evidence} (version {self.number})"

    def get_absolute_url(self) -> str:
        return reverse("findings:evidence-version-file", args=[self.evidence_id, self.number])

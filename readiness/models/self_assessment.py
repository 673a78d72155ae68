"""The council's self-assessment: a self-score beside each CQC score of one assessment cycle.

An Assessment record is one assessment cycle. CQC scores each statement (StatementScore.score);
the council scores the same statement itself, before or after CQC does, on a
StatementSelfAssessment beside it (one-to-one), with its narrative, strengths, areas for
improvement and the evidence it relies on. The same scoring rules (assessment/scoring.py) give a
self-assessed percentage and rating. The assessment-wide narrative is SelfAssessmentSummary.

Evidence is linked through SelfAssessmentEvidence rows: `i_statement` 0 links it to the
statement as a whole, n (1, 2, ...) tags it to the statement's n-th I statement, so the
readiness check "an I statement with no evidence tagged" is a count in the database.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessment import scoring
from assessment.models import Assessment, StatementScore
from findings.models import Evidence
from readiness.models.scoping import ScopedQuerySet


class StatementSelfAssessmentQuerySet(ScopedQuerySet):
    # The path to the organisation, for tenancy's ScopedQuerySet.for_user() (TENANCY.md).
    organisation_lookup = "score_record__assessment__organisation"


class StatementSelfAssessment(models.Model):
    """The council's own view of one statement in one assessment cycle."""

    score_record = models.OneToOneField(
        StatementScore, on_delete=models.CASCADE, related_name="self_assessment"
    )
    score = models.PositiveSmallIntegerField(
        choices=StatementScore.Score,
        null=True,
        blank=True,
        verbose_name="self-assessed score",
        help_text="The council's own score, 1 to 4 (leave empty until decided).",
    )
    narrative = models.TextField(
        blank=True, help_text="Where the council stands on this statement, in its own words."
    )
    strengths = models.TextField(blank=True)
    areas_for_improvement = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: a save names the version it edited (core.concurrency.check_version).
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = StatementSelfAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["score_record__assessment", "score_record__statement__order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=4),
                name="self_score_between_1_and_4",
            ),
        ]

    def __str__(self) -> str:
        return f"Self-assessment of {self.score_record.statement}: {self.label}"

    def get_absolute_url(self) -> str:
        record = self.score_record
        return reverse(
            "readiness:statement-self-assessment",
            args=[record.assessment_id, record.statement.slug],
        )

    @property
    def label(self) -> str:
        return scoring.score_label(self.score)


class SelfAssessmentEvidenceQuerySet(ScopedQuerySet):
    organisation_lookup = "self_assessment__score_record__assessment__organisation"


class SelfAssessmentEvidence(models.Model):
    """Evidence the self-assessment relies on: for the statement as a whole (i_statement 0) or
    tagged to one of its I statements (1 = the first, as the framework lists them)."""

    WHOLE_STATEMENT = 0

    self_assessment = models.ForeignKey(
        StatementSelfAssessment, on_delete=models.CASCADE, related_name="evidence_links"
    )
    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, related_name="self_assessment_links"
    )
    i_statement = models.PositiveSmallIntegerField(
        default=WHOLE_STATEMENT,
        help_text="0: the statement as a whole; n: the statement's n-th I statement.",
    )

    objects = SelfAssessmentEvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["self_assessment", "i_statement", "evidence"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "evidence", "i_statement"],
                name="self_evidence_unique_link",
            ),
        ]

    def __str__(self) -> str:
        where = "the statement" if not self.i_statement else f"I statement {self.i_statement}"
        return f"{self.evidence} ({where})"

    def clean(self) -> None:
        record = self.self_assessment.score_record
        if self.evidence.organisation_id != record.assessment.organisation_id:
            raise ValidationError(
                {"evidence": "Only evidence of this organisation can be linked."},
                code="evidence_other_organisation",
            )
        if self.i_statement > len(record.statement.i_statements):
            raise ValidationError(
                {"i_statement": "The statement has no such I statement."}, code="no_i_statement"
            )


class SelfAssessmentSummaryQuerySet(ScopedQuerySet):
    organisation_lookup = "assessment__organisation"


class SelfAssessmentSummary(models.Model):
    """The assessment-wide part of the self-assessment: the council's summary narrative."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="self_assessment_summary"
    )
    narrative = models.TextField(
        blank=True,
        help_text="The council's summary of where it stands, for the information return.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = SelfAssessmentSummaryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "self-assessment summaries"

    def __str__(self) -> str:
        return f"Self-assessment summary of {self.assessment}"

    def get_absolute_url(self) -> str:
        return reverse("readiness:self-assessment", args=[self.assessment_id])

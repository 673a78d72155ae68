"""Reads for the self-assessment: the council's scores beside CQC's, the gaps, the results."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from assessment import scoring
from assessment.models import Assessment, StatementScore
from findings.models import Evidence
from readiness.models import SelfAssessmentEvidence, SelfAssessmentSummary, StatementSelfAssessment


@dataclass
class SelfRow:
    """One statement: CQC's score and the council's own, and the gap between them."""

    score_record: StatementScore
    self_assessment: StatementSelfAssessment | None

    @property
    def statement(self):
        return self.score_record.statement

    @property
    def cqc(self) -> int | None:
        return self.score_record.score

    @property
    def self_score(self) -> int | None:
        return self.self_assessment.score if self.self_assessment else None

    @property
    def gap(self) -> int | None:
        """Self-score minus CQC's, where both exist (positive: the council rates itself
        higher than CQC did)."""
        if self.cqc is None or self.self_score is None:
            return None
        return self.self_score - self.cqc

    @property
    def gap_text(self) -> str:
        """ "self 3, CQC 2", or "" where there is no gap."""
        return f"self {self.self_score}, CQC {self.cqc}" if self.gap else ""

    @property
    def gap_words(self) -> str:
        if self.gap is None:
            return "Not compared (one score missing)"
        if self.gap == 0:
            return "Same score"
        points = abs(self.gap)
        direction = "higher" if self.gap > 0 else "lower"
        return f"Self-assessed {points} point{'s' if points > 1 else ''} {direction} than CQC"


@dataclass
class SelfComparison:
    assessment: Assessment
    rows: list[SelfRow]
    summary: SelfAssessmentSummary | None

    @property
    def self_result(self) -> scoring.ScoreResult:
        """The self-assessed percentage and rating, by CQC's own rules."""
        return scoring.result_from_scores(row.self_score for row in self.rows)

    @property
    def cqc_result(self) -> scoring.ScoreResult:
        return scoring.result_from_scores(row.cqc for row in self.rows)

    @property
    def gaps(self) -> list[SelfRow]:
        return [row for row in self.rows if row.gap]

    @property
    def self_scored(self) -> int:
        return sum(row.self_score is not None for row in self.rows)


def self_assessment_comparison(assessment: Assessment) -> SelfComparison:
    """Every statement's CQC score and self-score, in the framework's order, and the summary
    narrative (one query)."""
    records = list(
        StatementScore.objects.filter(assessment=assessment)
        .in_order()
        .select_related(
            "self_assessment__updated_by", "assessment__self_assessment_summary__updated_by"
        )
    )
    rows = [SelfRow(record, _self_assessment_of(record)) for record in records]
    summary = _summary_of(records[0].assessment) if records else None
    return SelfComparison(assessment=assessment, rows=rows, summary=summary)


def _summary_of(assessment: Assessment) -> SelfAssessmentSummary | None:
    try:
        return assessment.self_assessment_summary
    except SelfAssessmentSummary.DoesNotExist:
        return None


def _self_assessment_of(record: StatementScore) -> StatementSelfAssessment | None:
    try:
        return record.self_assessment
    except StatementSelfAssessment.DoesNotExist:
        return None


@dataclass
class LinkedEvidence:
    """The evidence the self-assessment links: for the whole statement, and per I statement."""

    whole: list[Evidence]
    by_i_statement: list[tuple[str, list[Evidence]]]  # (I statement, its evidence)


def statement_self_assessment(score_record: StatementScore) -> StatementSelfAssessment | None:
    """The statement's self-assessment with its evidence links (two queries), or None."""
    links = SelfAssessmentEvidence.objects.select_related("evidence").order_by(
        "i_statement", "evidence__title", "evidence_id"
    )
    return (
        StatementSelfAssessment.objects.filter(score_record=score_record)
        .select_related("updated_by")
        .prefetch_related(Prefetch("evidence_links", queryset=links))
        .first()
    )


def linked_evidence(self_assessment, i_statements: list[str]) -> LinkedEvidence:
    """The links of a self-assessment read by statement_self_assessment, grouped."""
    links = list(self_assessment.evidence_links.all()) if self_assessment else []
    return LinkedEvidence(
        whole=[link.evidence for link in links if link.i_statement == 0],
        by_i_statement=[
            (text, [link.evidence for link in links if link.i_statement == number])
            for number, text in enumerate(i_statements, start=1)
        ],
    )


def statements_relying_on(evidence: Evidence) -> list[SelfAssessmentEvidence]:
    """The self-assessment links to the evidence, newest assessment first (one query)."""
    return list(
        SelfAssessmentEvidence.objects.filter(evidence=evidence)
        .select_related(
            "self_assessment__score_record__assessment",
            "self_assessment__score_record__statement",
        )
        .order_by(
            "-self_assessment__score_record__assessment__pk",
            "self_assessment__score_record__statement__order",
            "i_statement",
        )
    )

"""Reads for the assessment pages: each returns what a page shows in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from assessment import scoring
from assessment.models import Assessment, StatementScore, Theme
from core import history


@dataclass
class ThemeSummary:
    theme: Theme
    scores: list[StatementScore] = field(default_factory=list)

    @property
    def result(self) -> scoring.ScoreResult:
        return scoring.result_from_scores(s.score for s in self.scores)


@dataclass
class AssessmentSummary:
    themes: list[ThemeSummary]
    result: scoring.ScoreResult


def assessment_summary(assessment: Assessment) -> AssessmentSummary:
    """Themes in order, each with its statements' scores, and the overall result (one query)."""
    themes: dict[int, ThemeSummary] = {}
    scores = list(StatementScore.objects.filter(assessment=assessment).in_order())
    for score in scores:
        theme = score.statement.theme
        themes.setdefault(theme.pk, ThemeSummary(theme=theme)).scores.append(score)
    return AssessmentSummary(
        themes=list(themes.values()),
        result=scoring.result_from_scores(s.score for s in scores),
    )


def assessment_status_counts(user) -> dict[str, int]:
    """How many of the assessments the user may see are in each status, counted by the
    database."""
    counts = dict(
        Assessment.objects.for_user(user).order_by().values_list("status").annotate(n=Count("pk"))
    )
    return {status: counts.get(status, 0) for status in Assessment.Status.values}


@dataclass
class ScoreChange:
    when: object
    who: object
    old_score: int | None
    new_score: int | None
    summary_changed: bool
    kind: str

    @property
    def old_label(self) -> str:
        return scoring.score_label(self.old_score)

    @property
    def new_label(self) -> str:
        return scoring.score_label(self.new_score)


def score_changes(score_record: StatementScore, limit: int = 50) -> list[ScoreChange]:
    """The score's history, newest first: who changed it, when, and from what to what
    (one query, see core.history)."""
    return [
        ScoreChange(
            when=change.when,
            who=change.who,
            old_score=change.previous.score if change.previous else None,
            new_score=change.record.score,
            summary_changed=change.previous is not None
            and change.previous.summary != change.record.summary,
            kind=change.kind,
        )
        for change in history.changes(
            score_record.history.all(), fields=["score", "summary"], limit=limit
        )
    ]


def neighbour_statements(score_record: StatementScore) -> dict[str, StatementScore | None]:
    """The previous and next statements of the same assessment, for page-to-page navigation."""
    order = score_record.statement.order
    siblings = StatementScore.objects.filter(assessment_id=score_record.assessment_id)
    return {
        "previous": siblings.filter(statement__order__lt=order)
        .select_related("statement")
        .order_by("-statement__order")
        .first(),
        "next": siblings.filter(statement__order__gt=order)
        .select_related("statement")
        .order_by("statement__order")
        .first(),
    }


@dataclass
class ComparisonRow:
    theme: Theme
    statement: object
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def before_label(self) -> str:
        return scoring.score_label(self.before)

    @property
    def after_label(self) -> str:
        return scoring.score_label(self.after)


@dataclass
class Comparison:
    before: Assessment
    after: Assessment
    rows: list[ComparisonRow]

    @property
    def before_result(self) -> scoring.ScoreResult:
        return scoring.result_from_scores(r.before for r in self.rows)

    @property
    def after_result(self) -> scoring.ScoreResult:
        return scoring.result_from_scores(r.after for r in self.rows)

    @property
    def percent_change(self) -> int | None:
        before, after = self.before_result.percent, self.after_result.percent
        return None if before is None or after is None else after - before


def compare_assessments(before: Assessment, after: Assessment) -> Comparison:
    """Scores of two assessments of one framework, statement by statement (one query)."""
    scores = StatementScore.objects.filter(assessment__in=[before, after]).in_order()
    rows: dict[int, ComparisonRow] = {}
    for score in scores:
        row = rows.setdefault(
            score.statement_id,
            ComparisonRow(
                theme=score.statement.theme, statement=score.statement, before=None, after=None
            ),
        )
        if score.assessment_id == before.pk:
            row.before = score.score
        else:
            row.after = score.score
    return Comparison(before=before, after=after, rows=list(rows.values()))

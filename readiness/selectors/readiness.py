"""Readiness for re-assessment: every check of every statement, read in one query (checks.py).

The facts and each check's problems are counted by the database for every statement row at
once; what is added up here is the handful of per-check results of each statement (9 rows for
a CQC assessment), never the records behind them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from assessment.models import Assessment, StatementScore
from readiness.checks import CHECKS, Check, facts


@dataclass(frozen=True)
class CheckResult:
    check: Check
    problems: int
    url: str

    @property
    def passed(self) -> bool:
        return self.problems == 0


@dataclass
class StatementReadiness:
    score_record: StatementScore
    results: list[CheckResult]

    @property
    def statement(self):
        return self.score_record.statement

    @property
    def passed(self) -> int:
        return sum(result.passed for result in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def failing(self) -> list[CheckResult]:
        return [result for result in self.results if not result.passed]

    def result(self, key: str) -> CheckResult:
        return next(result for result in self.results if result.check.key == key)


@dataclass
class Readiness:
    assessment: Assessment
    statements: list[StatementReadiness] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(item.passed for item in self.statements)

    @property
    def total(self) -> int:
        return sum(item.total for item in self.statements)

    @property
    def ready_statements(self) -> int:
        return sum(item.passed == item.total for item in self.statements)

    def problems(self, key: str) -> int:
        """How many problems one check finds across the assessment."""
        return sum(item.result(key).problems for item in self.statements)


def readiness_rows(assessment_ids, today: datetime.date | None = None):
    """The statements' score rows of the given assessments with every fact (`fact_*`)
    annotated: one query when evaluated."""
    today = today or timezone.localdate()
    rows = (
        StatementScore.objects.filter(assessment_id__in=assessment_ids)
        .select_related("statement__theme", "assessment", "self_assessment")
        .annotate(organisation_id=F("assessment__organisation_id"))
        .annotate(**facts(today))
    )
    return rows.order_by("assessment_id", "statement__theme__order", "statement__order")


def fix_urls(record: StatementScore) -> dict[str, str]:
    """Where the records to fix each kind of problem are, for one statement ({fix_target:
    URL}): reversed once per statement, not once per check (9 statements x 13 checks per
    assessment on the dashboard)."""
    statement_page = reverse(
        "assessment:statement-detail", args=[record.assessment_id, record.statement.slug]
    )
    self_assessment = reverse(
        "readiness:statement-self-assessment",
        args=[record.assessment_id, record.statement.slug],
    )
    return {
        "findings": f"{statement_page}#findings",
        "actions": f"{statement_page}#statement-actions-heading",
        "self_assessment": f"{self_assessment}#evidence-heading",
        "i_statements": f"{self_assessment}#i-statements-heading",
        "evidence_review": reverse("findings:evidence-library", args=[record.organisation_id])
        + "?review=overdue",
        "metrics": reverse("readiness:metric-list", args=[record.organisation_id])
        + f"?statement={record.statement_id}",
    }


def fix_url(check: Check, record: StatementScore) -> str:
    """Where the records to fix a check's problems are, for one statement."""
    return fix_urls(record)[check.fix_target]


def _statement_readiness(record: StatementScore) -> StatementReadiness:
    urls = fix_urls(record)
    return StatementReadiness(
        score_record=record,
        results=[
            CheckResult(check=check, problems=check.problems(record), url=urls[check.fix_target])
            for check in CHECKS
        ],
    )


def readiness_of(assessments, today: datetime.date | None = None) -> dict[int, Readiness]:
    """{assessment id: its readiness} for several assessments (one query)."""
    results = {assessment.pk: Readiness(assessment=assessment) for assessment in assessments}
    for record in readiness_rows(list(results), today):
        results[record.assessment_id].statements.append(_statement_readiness(record))
    return results


def assessment_readiness(assessment: Assessment, today=None) -> Readiness:
    """Every check of every statement of the assessment, and the totals (one query)."""
    return readiness_of([assessment], today)[assessment.pk]


def statement_readiness(score_record: StatementScore, today=None) -> StatementReadiness:
    """Every check of one statement (one query)."""
    today = today or timezone.localdate()
    record = readiness_rows([score_record.assessment_id], today).get(pk=score_record.pk)
    return _statement_readiness(record)


def latest_assessments(user, limit: int = 5):
    """The latest assessment of each organisation the user may see, newest first."""
    visible = Assessment.objects.for_user(user)
    latest = (
        Assessment.objects.filter(organisation_id=OuterRef("organisation_id"))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    return (
        visible.filter(pk=Subquery(latest))
        .select_related("organisation")
        .order_by("-created_at", "-pk")[:limit]
    )

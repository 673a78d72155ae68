"""Readiness for re-assessment: every check of every statement, read in one query (checks.py).

The facts and each check's problems are counted by the database for every statement row at
once; what is added up here is the handful of per-check results of each statement (9 rows for
a CQC assessment), never the records behind them. The rows with their facts are kept in the
cache under the organisation's data version and the day (`_rows_by_assessment`), so the
dashboard, the assessment page and the statement page count them once per change.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from assessment.data_versions import KEEP_SECONDS, DataVersions
from assessment.models import Assessment, StatementScore
from core.urls_for_rows import row_urls
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


class FixUrls:
    """Where the records to fix each kind of problem are, for statements ({fix_target: URL}):
    each URL pattern reversed once per kind of statement (core/urls_for_rows.py), then filled
    in with each row's assessment or organisation, not reversed for every statement (45 rows of
    6 links on a national viewer's dashboard)."""

    def __init__(self):
        self._patterns = {}

    def _url(self, name: str, pk: int, *after) -> str:
        pattern = self._patterns.get((name, *after))
        if pattern is None:
            pattern = self._patterns[(name, *after)] = row_urls(name, *after)
        return pattern(pk)

    def __call__(self, record: StatementScore) -> dict[str, str]:
        slug = record.statement.slug
        statement_page = self._url("assessment:statement-detail", record.assessment_id, slug)
        self_assessment = self._url(
            "readiness:statement-self-assessment", record.assessment_id, slug
        )
        library = self._url("findings:evidence-library", record.organisation_id)
        metrics = self._url("readiness:metric-list", record.organisation_id)
        return {
            "findings": f"{statement_page}#findings",
            "actions": f"{statement_page}#statement-actions-heading",
            "self_assessment": f"{self_assessment}#evidence-heading",
            "i_statements": f"{self_assessment}#i-statements-heading",
            "evidence_review": f"{library}?review=overdue",
            "metrics": f"{metrics}?statement={record.statement_id}",
        }


def _statement_readiness(record: StatementScore, fix_urls: FixUrls) -> StatementReadiness:
    urls = fix_urls(record)
    return StatementReadiness(
        score_record=record,
        results=[
            CheckResult(check=check, problems=check.problems(record), url=urls[check.fix_target])
            for check in CHECKS
        ],
    )


def _rows_by_assessment(assessments, today: datetime.date) -> dict[int, list[StatementScore]]:
    """{assessment id: its statements' rows with their facts}: kept in the cache under a key
    holding its organisation's data version (assessment/data_versions.py), which the database
    changes with every write the facts are counted from, and the day (the facts count what is
    overdue or past review today). One query for the numbers, and one for the facts of the
    assessments not found in the cache."""
    versions = DataVersions.read({assessment.organisation_id for assessment in assessments})
    keys = {
        assessment.pk: versions.key(
            "readiness", [assessment.organisation_id], assessment.pk, today.isoformat()
        )
        for assessment in assessments
        if versions is not None
    }
    kept = cache.get_many(list(keys.values())) if keys else {}
    rows = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [assessment.pk for assessment in assessments if assessment.pk not in rows]
    if missing:
        counted = {pk: [] for pk in missing}
        for record in readiness_rows(missing, today):
            counted[record.assessment_id].append(record)
        rows |= counted
        if keys:
            cache.set_many({keys[pk]: counted[pk] for pk in missing}, KEEP_SECONDS)
    return rows


def readiness_of(assessments, today: datetime.date | None = None) -> dict[int, Readiness]:
    """{assessment id: its readiness} for several assessments (at most two queries)."""
    today = today or timezone.localdate()
    assessments = list(assessments)
    rows = _rows_by_assessment(assessments, today)
    results, fix_urls = {}, FixUrls()
    for assessment in assessments:
        results[assessment.pk] = Readiness(assessment=assessment)
        for record in rows[assessment.pk]:
            # The assessment as read for this request (kept rows may hold an older copy).
            record.assessment = assessment
            results[assessment.pk].statements.append(_statement_readiness(record, fix_urls))
    return results


def assessment_readiness(assessment: Assessment, today=None) -> Readiness:
    """Every check of every statement of the assessment, and the totals (one query)."""
    return readiness_of([assessment], today)[assessment.pk]


def statement_readiness(score_record: StatementScore, today=None) -> StatementReadiness:
    """Every check of one statement: its assessment's readiness (kept for the assessment
    page and the dashboard too), at most two queries."""
    readiness = assessment_readiness(score_record.assessment, today)
    return next(item for item in readiness.statements if item.score_record.pk == score_record.pk)


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

"""The readiness checks: what must be true of each quality statement before re-assessment.

Every fact is counted by the database: named counts, each a scalar subquery correlated with
the statement's score row (`facts`). Each check's number of problems is a little arithmetic
over one row's facts (`Check.problems`); a check passes when it has none. `selectors.readiness`
reads every statement of one or more assessments, facts annotated, in one query. (Problems
as SQL expressions over the facts made PostgreSQL run each fact's subquery again for every
check that uses it: 22 repeated subplans per row.)

The checks (one per kind of gap the issue names):
- finding: a statement scored (by CQC or by the council) has at least one key finding.
- evidence: a scored statement has evidence behind it (linked to one of its findings, or to
  its self-assessment).
- people_experience, staff_leaders, partners, processes: each of CQC's four evidence
  categories for councils has at least one finding.
- i_statements: each of the statement's I statements has evidence tagged to it (on the
  self-assessment; see models.SelfAssessmentEvidence).
- shortfalls: every shortfall finding is answered by an action.
- overdue: no action answering the statement's findings is open past its due date.
- owners: every open action answering them has an owner who can still log in (an owner is
  required, so "no owner" means the owner's account was deactivated).
- metrics: each of the statement's metrics has a value for the latest period the organisation
  has recorded for that metric's source (the Adult Social Care Survey, the carers' survey...:
  sources are published on different cycles, so each is compared with its own latest period).
- review: none of the evidence behind the statement (as for "evidence") is past its review
  date (the library's review dates; owners are reminded before, in the daily digest).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Subquery, When

from actions.models import Action
from core.counts import CountOf
from findings.models import Evidence, Finding
from readiness.models import Metric, MetricValue, SelfAssessmentEvidence


class JsonArrayLength(Func):
    """The number of entries of a JSON list (a statement's I statements)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = models.IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra)


def _findings():
    return Finding.objects.filter(
        topic__assessment_id=OuterRef("assessment_id"), topic__statement_id=OuterRef("statement_id")
    )


def _actions():
    """The actions answering any finding of the statement (counted once each: CountOf counts
    distinct ids)."""
    return Action.objects.filter(
        findings__topic__assessment_id=OuterRef("assessment_id"),
        findings__topic__statement_id=OuterRef("statement_id"),
    )


def _evidence():
    """The evidence behind the statement in this assessment: supporting one of its findings
    here, or linked to its self-assessment (the library's items may support other assessments
    too; only this one's links count)."""
    via_findings = Finding.evidence.through.objects.filter(
        finding__topic__assessment_id=OuterRef(OuterRef("assessment_id")),
        finding__topic__statement_id=OuterRef(OuterRef("statement_id")),
    )
    via_self_assessment = SelfAssessmentEvidence.objects.filter(
        self_assessment__score_record_id=OuterRef(OuterRef("pk"))
    )
    # Only the organisation's own items can be linked (the forms and services refuse another's):
    # saying so lets PostgreSQL read that organisation's items (evidence_review_idx), not every
    # council's 30,000 (4-5 ms a statement at national scale).
    return Evidence.objects.filter(
        Q(pk__in=via_findings.values("evidence_id"))
        | Q(pk__in=via_self_assessment.values("evidence_id")),
        organisation_id=OuterRef("organisation_id"),
    )


def _tagged_i_statements():
    return SelfAssessmentEvidence.objects.filter(
        self_assessment__score_record_id=OuterRef("pk"), i_statement__gte=1
    )


def _stale_metrics():
    """The statement's metrics with no value for the latest period the organisation recorded
    for the metric's source (no value of that source at all: stale too)."""
    latest_of_source = (
        MetricValue.objects.filter(
            organisation_id=OuterRef(OuterRef("organisation_id")),
            metric__source_full=OuterRef("source_full"),
        )
        .order_by("-period_start")
        .values("period_start")[:1]
    )
    current = MetricValue.objects.filter(
        metric_id=OuterRef("pk"),
        organisation_id=OuterRef(OuterRef("organisation_id")),
        period_start=OuterRef("latest_period"),
    )
    return (
        Metric.objects.filter(statement_id=OuterRef("statement_id"))
        .annotate(latest_period=Subquery(latest_of_source))
        .filter(~Exists(current))
    )


def facts(today: datetime.date) -> dict[str, models.Expression]:
    """The named counts the checks are made of, for StatementScore rows annotated with
    `organisation_id` (selectors.readiness does)."""
    categories = {
        value: CountOf(_findings().filter(evidence_category=value))
        for value in Finding.EvidenceCategory.values
    }
    return {
        "fact_scored": Case(
            When(Q(score__isnull=False) | Q(self_assessment__score__isnull=False), then=1),
            default=0,
            output_field=models.IntegerField(),
        ),
        "fact_findings": CountOf(_findings()),
        "fact_evidence": CountOf(_evidence()),
        "fact_lapsed_evidence": CountOf(_evidence().lapsed(today)),
        **{f"fact_{value}": count for value, count in categories.items()},
        "fact_i_statements": JsonArrayLength(F("statement__i_statements")),
        "fact_i_statements_tagged": CountOf(_tagged_i_statements(), field="i_statement"),
        "fact_unanswered": CountOf(
            _findings().filter(judgement=Finding.Judgement.SHORTFALL, answered=False)
        ),
        "fact_overdue": CountOf(_actions().overdue(today)),
        "fact_ownerless": CountOf(_actions().open().filter(owner__is_active=False)),
        "fact_metrics": CountOf(Metric.objects.filter(statement_id=OuterRef("statement_id"))),
        "fact_stale_metrics": CountOf(_stale_metrics()),
    }


@dataclass(frozen=True)
class Check:
    key: str
    passing: str  # what it looks for, e.g. "A finding behind the score"
    failing: str  # the gap, e.g. "Scored with no finding"
    problems: Callable[[Any], int]  # from a row's facts (fact_* attributes); 0 = passed
    fix: str  # what to do, as the link to the records says it
    fix_target: str  # where the link goes (selectors.readiness.FixUrls)


def _category(value: str, label: str) -> Check:
    return Check(
        key=value,
        passing=f"{label}: at least one finding",
        failing=f"{label}: nothing behind it",
        problems=lambda row: int(getattr(row, f"fact_{value}") == 0),
        fix=f"Record a finding from {label.lower()}",
        fix_target="findings",
    )


CHECKS: tuple[Check, ...] = (
    Check(
        key="finding",
        passing="A finding behind the score",
        failing="Scored with no finding",
        problems=lambda row: int(row.fact_scored == 1 and row.fact_findings == 0),
        fix="Add a finding",
        fix_target="findings",
    ),
    Check(
        key="evidence",
        passing="Evidence behind the score",
        failing="Scored with no evidence",
        problems=lambda row: int(row.fact_scored == 1 and row.fact_evidence == 0),
        fix="Link evidence",
        fix_target="self_assessment",
    ),
    *(_category(value, label) for value, label in Finding.EvidenceCategory.choices),
    Check(
        key="i_statements",
        passing="Evidence tagged to every I statement",
        failing="I statements with no evidence tagged",
        problems=lambda row: max((row.fact_i_statements or 0) - row.fact_i_statements_tagged, 0),
        fix="Tag evidence to the I statements",
        fix_target="i_statements",
    ),
    Check(
        key="shortfalls",
        passing="An action for every shortfall",
        failing="Shortfalls with no action",
        problems=lambda row: row.fact_unanswered,
        fix="Create actions for the shortfalls",
        fix_target="actions",
    ),
    Check(
        key="overdue",
        passing="No overdue actions",
        failing="Actions overdue",
        problems=lambda row: row.fact_overdue,
        fix="See the actions",
        fix_target="actions",
    ),
    Check(
        key="owners",
        passing="Every open action has an active owner",
        failing="Actions whose owner can no longer log in",
        problems=lambda row: row.fact_ownerless,
        fix="See the actions",
        fix_target="actions",
    ),
    Check(
        key="review",
        passing="No evidence past its review date",
        failing="Evidence past its review date",
        problems=lambda row: row.fact_lapsed_evidence,
        fix="Review the evidence",
        fix_target="evidence_review",
    ),
    Check(
        key="metrics",
        passing="Every metric has a value for the latest period",
        failing="Metrics without a value for the latest period",
        problems=lambda row: row.fact_stale_metrics,
        fix="Record the metrics' values",
        fix_target="metrics",
    ),
)

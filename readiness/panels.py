"""Panels (core/panels.py) on other apps' pages: on the statement page the self-score beside
CQC's, the statement's readiness checks and its metrics; on the assessment page the
self-assessment table with its gaps and the readiness summary; on the organisation page its
metrics; on the dashboard the readiness of each organisation's latest assessment."""

from __future__ import annotations

from core.panels import Panel
from readiness.charts import trend_chart
from readiness.selectors import metrics as metric_selectors
from readiness.selectors import readiness as readiness_selectors
from readiness.selectors import self_assessment as self_selectors


def _may_see_self_assessment(user, obj=None) -> bool:
    """`obj`: the record whose organisation the panel shows (None on the dashboard, whose
    rows are the user's organisations' already)."""
    return user.has_perm("readiness.view_statementselfassessment", obj)


def statement_self_assessment(request, score_record) -> Panel | None:
    """The council's own score beside CQC's, the gap, and what the self-assessment says."""
    if not _may_see_self_assessment(request.user, score_record):
        return None
    own = self_selectors.statement_self_assessment(score_record)
    return Panel(
        template_name="readiness/_statement_self_assessment.html",
        context={
            "row": self_selectors.SelfRow(score_record, own),
            "own": own,
            "linked": self_selectors.linked_evidence(own, score_record.statement.i_statements),
            "score_record": score_record,
            "can_change": request.user.has_perm(
                "readiness.change_statementselfassessment", score_record
            ),
        },
    )


def statement_readiness(request, score_record) -> Panel | None:
    if not _may_see_self_assessment(request.user, score_record):
        return None
    return Panel(
        template_name="readiness/_statement_readiness.html",
        context={"item": readiness_selectors.statement_readiness(score_record)},
    )


def statement_metrics(request, score_record) -> Panel | None:
    """Each metric of the statement: latest value, direction of travel, target, a small trend
    chart and the numbers as a table."""
    organisation = score_record.assessment.organisation
    if not request.user.has_perm("readiness.view_metricvalue", organisation):
        return None
    trends = metric_selectors.statement_metrics(organisation, score_record.statement)
    for index, trend in enumerate(trends):
        trend.chart = trend_chart(trend, id=f"trend-{index}") if trend.values else None
    return Panel(
        template_name="readiness/_statement_metrics.html",
        context={
            "organisation": organisation,
            "statement": score_record.statement,
            "trends": trends,
            "can_add": request.user.has_perm("readiness.add_metricvalue", organisation),
        },
    )


def assessment_self_assessment(request, assessment) -> Panel | None:
    """Self-scores beside CQC's for every statement, the gaps, both results, the pack."""
    if not _may_see_self_assessment(request.user, assessment):
        return None
    return Panel(
        template_name="readiness/_assessment_self_assessment.html",
        context={
            "comparison": self_selectors.self_assessment_comparison(assessment),
            "assessment": assessment,
        },
    )


def assessment_readiness(request, assessment) -> Panel | None:
    if not _may_see_self_assessment(request.user, assessment):
        return None
    return Panel(
        template_name="readiness/_assessment_readiness.html",
        context={"readiness": readiness_selectors.assessment_readiness(assessment)},
    )


def organisation_metrics(request, organisation) -> Panel | None:
    if not request.user.has_perm("readiness.view_metricvalue", organisation):
        return None
    return Panel(
        template_name="readiness/_organisation_metrics.html",
        context={
            "organisation": organisation,
            "counts": metric_selectors.organisation_metric_counts(organisation),
        },
    )


def dashboard_readiness(request, _obj) -> Panel | None:
    """Readiness of the latest assessment of each organisation the user may see."""
    if not _may_see_self_assessment(request.user):
        return None
    assessments = list(readiness_selectors.latest_assessments(request.user))
    if not assessments:
        return None
    readiness = readiness_selectors.readiness_of(assessments)
    return Panel(
        template_name="readiness/_dashboard_readiness.html",
        context={"items": [readiness[assessment.pk] for assessment in assessments]},
    )


def evidence_self_assessments(request, evidence) -> Panel | None:
    """The statements whose self-assessments rely on the evidence, in any assessment."""
    if not request.user.has_perm("readiness.view_statementselfassessment", evidence):
        return None
    return Panel(
        template_name="readiness/_evidence_self_assessments.html",
        context={"links": self_selectors.statements_relying_on(evidence)},
    )

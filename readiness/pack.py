"""The information return pack as a PDF (assessment.pdf.render_pdf, tagged) and as a workbook
(core.exports.write_xlsx, formula-safe), and its version: a fingerprint of everything it
shows, so each format is built once per version by a job (jobs/documents.py)."""

from __future__ import annotations

from django.db.models import F, OuterRef, Q
from django.template.loader import render_to_string
from django.utils.text import slugify

from actions.models import Action, EffectivenessReview, ProgressUpdate
from assessment.models import Assessment, StatementScore
from assessment.pdf import render_pdf
from core.exports import Column, write_xlsx
from core.people import person_name
from findings.models import Evidence, Finding
from jobs import versions
from readiness.charts import trend_chart
from readiness.models import (
    Metric,
    MetricValue,
    SelfAssessmentEvidence,
    SelfAssessmentSummary,
    StatementSelfAssessment,
)
from readiness.selectors.pack import Pack


def pack_filename(assessment: Assessment) -> str:
    name = slugify(f"{assessment.organisation} {assessment.title} information return")
    return name[:90] or "information-return"


def pack_pdf(pack: Pack) -> bytes:
    """The pack as a tagged PDF: cover, self-assessment, evidence, metrics (each with its trend
    chart and numbers), action plan progress and the readiness checks."""
    for item in pack.statements:
        for trend in item.metrics:
            if trend.values:
                trend.chart = trend_chart(trend, id=f"trend-{trend.metric.pk}")
    html = render_to_string("readiness/pack/pack_pdf.html", {"pack": pack})
    return render_pdf(html)


SUMMARY = [Column("Item", width=34), Column("Value", width=100)]
SELF = [
    Column("Theme", width=40),
    Column("Quality statement", width=40),
    Column("CQC score", "number", 10),
    Column("Self-assessed score", "number", 12),
    Column("Gap (self minus CQC)", "number", 12),
    Column("Narrative", width=80),
    Column("Strengths", width=60),
    Column("Areas for improvement", width=60),
]
EVIDENCE = [
    Column("Quality statement", width=40),
    Column("Evidence", width=50),
    Column("Kind", width=12),
    Column("Date", "date", 12),
    Column("Owner", width=24),
    Column("Review by", "date", 12),
    Column("Findings it supports", "number", 12),
    Column("For the statement as a whole", width=12),
    Column("I statements tagged", width=16),
    Column("Link", width=40),
]
METRICS = [
    Column("Quality statement", width=36),
    Column("Evidence category", width=22),
    Column("Source", width=30),
    Column("Metric", width=70),
    Column("Period", width=10),
    Column("Value", width=10),
    Column("Target", width=10),
    Column("Target met", width=10),
    Column("England", width=10),
    Column("Region", width=10),
    Column("Source note", width=40),
]
ACTIONS = [
    Column("Plan", width=36),
    Column("Action", width=50),
    Column("Owner", width=20),
    Column("Due", "date", 12),
    Column("Status", width=14),
    Column("RAG", width=8),
    Column("Completed on", "date", 12),
    Column("Progress updates since", "number", 12),
    Column("Latest progress", width=60),
    Column("Review", width=18),
]


def _summary_rows(pack: Pack):
    comparison = pack.comparison
    yield ("Organisation", str(pack.assessment.organisation))
    yield ("Assessment", pack.assessment.title)
    yield ("Self-assessed result", str(comparison.self_result))
    yield ("CQC result", str(comparison.cqc_result))
    yield ("Readiness checks passed", f"{pack.readiness.passed} of {pack.readiness.total}")
    since = pack.actions.since
    yield ("Progress reported since", f"{since:%-d %B %Y}" if since else "the plans began")
    yield ("Summary narrative", comparison.summary.narrative if comparison.summary else "")


def _self_rows(pack: Pack):
    for item in pack.statements:
        row, own = item.row, item.row.self_assessment
        yield (
            row.statement.theme.title,
            row.statement.title,
            row.cqc,
            row.self_score,
            row.gap,
            own.narrative if own else "",
            own.strengths if own else "",
            own.areas_for_improvement if own else "",
        )


def _evidence_rows(pack: Pack):
    for item in pack.statements:
        for entry in item.evidence:
            evidence = entry.evidence
            yield (
                item.row.statement.title,
                evidence.title,
                evidence.get_kind_display(),
                evidence.date,
                person_name(evidence.owner),
                evidence.review_date,
                entry.via_findings,
                "yes" if entry.for_statement else "",
                ", ".join(str(n) for n in sorted(entry.i_statements)),
                evidence.url,
            )


def _metric_rows(pack: Pack):
    for item in pack.statements:
        for trend in item.metrics:
            metric = trend.metric
            for value in trend.values:
                met = value.target_met
                yield (
                    item.row.statement.title,
                    metric.get_evidence_category_display(),
                    metric.source_full,
                    metric.name,
                    value.period_label,
                    value.value,
                    value.target,
                    "" if met is None else ("yes" if met else "no"),
                    value.england,
                    value.region,
                    value.source_note,
                )


def _action_rows(pack: Pack):
    since = pack.actions.since
    for action in pack.actions.actions:
        updates = action.ordered_updates
        recent = [u for u in updates if since is None or u.date >= since]
        review = getattr(action, "review", None)
        yield (
            action.plan.title,
            action.title,
            person_name(action.owner),
            action.due_date,
            action.get_status_display(),
            action.rag.capitalize(),
            action.completed_on,
            len(recent),
            updates[0].text if updates else "",
            review.get_outcome_display() if review else "",
        )


def pack_xlsx(pack: Pack, handle) -> None:
    write_xlsx(
        handle,
        [
            ("Summary", SUMMARY, _summary_rows(pack)),
            ("Self-assessment", SELF, _self_rows(pack)),
            ("Evidence", EVIDENCE, _evidence_rows(pack)),
            ("Metrics", METRICS, _metric_rows(pack)),
            ("Action plan progress", ACTIONS, _action_rows(pack)),
        ],
    )


def pack_version(assessment: Assessment) -> str:
    """A fingerprint of what the pack shows now, in one query (jobs/versions.py)."""
    mine = OuterRef("pk")
    own = StatementSelfAssessment.objects.filter(score_record__assessment=mine)
    actions = Action.objects.filter(plan__assessment=mine)
    rag = actions.with_rag()
    values = MetricValue.objects.filter(organisation=OuterRef("organisation"))
    parts = {
        "assessment": F("updated_at"),
        "organisation": F("organisation__name"),
        **_rows("scores", StatementScore.objects.filter(assessment=mine), "updated_at"),
        **_rows("self", own, "updated_at"),
        **_rows(
            "links", SelfAssessmentEvidence.objects.filter(self_assessment__in=own.values("pk"))
        ),
        **_rows("summary", SelfAssessmentSummary.objects.filter(assessment=mine), "updated_at"),
        # The organisation's library (a little more than the pack lists: never less).
        **_rows("evidence", Evidence.objects.filter(organisation=OuterRef("organisation"))),
        "evidence.edited": versions.maximum(
            Evidence.history.model.objects.filter(organisation_id=OuterRef("organisation")),
            "history_id",
        ),
        **_rows(
            "evidence.links",
            Evidence.findings.through.objects.filter(finding__topic__assessment=mine),
        ),
        **_rows("findings", Finding.objects.filter(topic__assessment=mine), "updated_at"),
        **_rows("metrics", Metric.objects.all()),
        **_rows("values", values, "updated_at"),
        "values.deleted": versions.maximum(
            MetricValue.history.model.objects.filter(organisation_id=OuterRef("organisation")),
            "history_id",
        ),
        **_rows("actions", actions, "updated_at"),
        "actions.red": versions.count(rag.filter(Q(rag="red"))),
        "actions.amber": versions.count(rag.filter(Q(rag="amber"))),
        **_rows("updates", ProgressUpdate.objects.filter(action__plan__assessment=mine)),
        **_rows("reviews", EffectivenessReview.objects.filter(action__plan__assessment=mine)),
        "reviews.edited": versions.maximum(
            EffectivenessReview.history.model.objects.filter(action__plan__assessment=mine),
            "history_id",
        ),
    }
    return versions.version_of(Assessment.objects.filter(pk=assessment.pk), parts)


def _rows(prefix: str, queryset, edited: str = "") -> dict:
    return versions.prefixed(prefix, versions.rows(queryset, edited=edited))

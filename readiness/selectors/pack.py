"""What the information return pack holds, read in a fixed number of queries: the
self-assessment (summary, scores beside CQC's, narratives), the evidence behind each statement,
the metrics with their values over time, and the action plans' progress since the last CQC
assessment."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from assessment.models import Assessment
from findings.models import Evidence, Finding
from readiness.models import Metric, MetricList, SelfAssessmentEvidence
from readiness.selectors.metrics import MetricTrend, metric_trends
from readiness.selectors.readiness import Readiness, assessment_readiness
from readiness.selectors.self_assessment import SelfComparison, SelfRow, self_assessment_comparison


@dataclass
class EvidenceEntry:
    evidence: Evidence
    via_findings: int  # how many of the statement's findings it is linked to
    i_statements: list[int]  # the I statements it is tagged to (1 = the first)
    for_statement: bool  # linked by the self-assessment to the statement as a whole


@dataclass
class PackStatement:
    row: SelfRow
    evidence: list[EvidenceEntry]
    metrics: list[MetricTrend]


@dataclass
class PackActions:
    since: datetime.date | None
    actions: list[Action]

    @property
    def complete(self) -> int:
        return sum(action.status == Action.Status.COMPLETE for action in self.actions)

    @property
    def completed_since(self) -> int:
        return sum(
            action.completed_on is not None
            and (self.since is None or action.completed_on >= self.since)
            for action in self.actions
        )

    @property
    def overdue(self) -> int:
        return sum(action.rag == "red" and action.status != "complete" for action in self.actions)


@dataclass
class Pack:
    assessment: Assessment
    comparison: SelfComparison
    statements: list[PackStatement]
    actions: PackActions
    readiness: Readiness
    metric_lists: list[MetricList]
    generated_at: datetime.datetime = field(default_factory=timezone.now)


def since_date(assessment: Assessment) -> datetime.date | None:
    """When the last CQC assessment ended: its report's publication, else the end of its
    activity (progress is reported from then)."""
    return assessment.published_date or assessment.end_date


def _evidence_by_statement(assessment: Assessment) -> dict[int, list[EvidenceEntry]]:
    """{statement id: the evidence behind it in this assessment} (one query and two
    prefetches). Library evidence used only by other assessments is not listed."""
    findings = Finding.objects.filter(topic__assessment=assessment)
    links = SelfAssessmentEvidence.objects.filter(
        self_assessment__score_record__assessment=assessment
    )
    evidence = (
        Evidence.objects.filter(organisation_id=assessment.organisation_id)
        .select_related("owner")
        .filter(
            Q(
                pk__in=Evidence.findings.through.objects.filter(finding__in=findings).values(
                    "evidence_id"
                )
            )
            | Q(pk__in=links.values("evidence_id"))
        )
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=findings.select_related("topic").only("pk", "topic__statement_id"),
            ),
            Prefetch(
                "self_assessment_links",
                queryset=links.select_related("self_assessment__score_record"),
            ),
        )
        .order_by("title", "pk")
    )
    grouped: dict[int, dict[int, EvidenceEntry]] = defaultdict(dict)
    for item in evidence:
        for finding in item.findings.all():
            entry = _entry(grouped, finding.topic.statement_id, item)
            entry.via_findings += 1
        for link in item.self_assessment_links.all():
            entry = _entry(grouped, link.self_assessment.score_record.statement_id, item)
            if link.i_statement:
                entry.i_statements.append(link.i_statement)
            else:
                entry.for_statement = True
    return {statement: list(entries.values()) for statement, entries in grouped.items()}


def _entry(grouped, statement_id: int, item: Evidence) -> EvidenceEntry:
    return grouped[statement_id].setdefault(item.pk, EvidenceEntry(item, 0, [], False))


def pack_actions(assessment: Assessment) -> PackActions:
    """The actions of the assessment's plans with their RAG, latest progress and review."""
    updates = ProgressUpdate.objects.select_related("author").order_by("-date", "-pk")
    actions = (
        Action.objects.filter(plan__assessment=assessment)
        .select_related("plan", "owner", "review")
        .prefetch_related(Prefetch("updates", queryset=updates, to_attr="ordered_updates"))
        .with_rag()
        .order_by("plan__title", "plan_id", "due_date", "pk")
    )
    return PackActions(since=since_date(assessment), actions=list(actions))


def information_return_pack(assessment: Assessment) -> Pack:
    """Everything the pack prints, read in a fixed number of queries."""
    comparison = self_assessment_comparison(assessment)
    evidence = _evidence_by_statement(assessment)
    trends: dict[int, list[MetricTrend]] = defaultdict(list)
    metrics = Metric.objects.filter(statement__framework=assessment.framework_id).in_order()
    for trend in metric_trends(assessment.organisation, metrics):
        trends[trend.metric.statement_id].append(trend)
    statements = [
        PackStatement(
            row=row,
            evidence=evidence.get(row.statement.pk, []),
            metrics=trends.get(row.statement.pk, []),
        )
        for row in comparison.rows
    ]
    return Pack(
        assessment=assessment,
        comparison=comparison,
        statements=statements,
        actions=pack_actions(assessment),
        readiness=assessment_readiness(assessment),
        metric_lists=list(MetricList.objects.filter(framework=assessment.framework_id)),
    )

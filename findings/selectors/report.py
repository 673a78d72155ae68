"""The published-style assessment report: everything it prints, read in a fixed number of
queries whatever the number of findings (scores 1, findings 1, evidence 1, actions 1, and what
the sections other apps add take: the complaints appendix 7 or 8)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from assessment import scoring
from assessment.models import Assessment, StatementScore, Theme
from core import panels
from core.panels import ReportSection
from findings.models import Evidence, Finding
from findings.selectors.findings import TopicFindings


@dataclass
class StatementReport:
    score: StatementScore
    topics: list[TopicFindings] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    actions: list = field(default_factory=list)

    @property
    def statement(self):
        return self.score.statement

    @property
    def finding_count(self) -> int:
        return sum(len(t.findings) for t in self.topics)


@dataclass
class ThemeReport:
    theme: Theme
    statements: list[StatementReport] = field(default_factory=list)

    @property
    def result(self) -> scoring.ScoreResult:
        return scoring.result_from_scores(s.score.score for s in self.statements)


@dataclass
class AssessmentReport:
    assessment: Assessment
    themes: list[ThemeReport]
    result: scoring.ScoreResult
    generated_at: datetime.datetime
    has_actions: bool
    # Printed after the statements, in core.panels.APPENDICES order (the complaints appendix).
    sections: list[ReportSection] = field(default_factory=list)

    @property
    def statements(self) -> list[StatementReport]:
        return [s for theme in self.themes for s in theme.statements]


def _actions_by_statement(assessment) -> dict[int, list] | None:
    """Actions answering each statement's findings, from the app that registers the report
    section (actions; None when none does)."""
    provider = panels.report_section(panels.ACTIONS_BY_STATEMENT)
    return provider(assessment) if provider is not None else None


def assessment_report(assessment: Assessment) -> AssessmentReport:
    scores = list(StatementScore.objects.filter(assessment=assessment).in_order())
    statements = {s.statement_id: StatementReport(score=s) for s in scores}

    findings = Finding.objects.filter(topic__assessment=assessment).select_related("topic")
    for finding in findings.order_by("topic__order", "order", "pk"):
        report = statements.get(finding.topic.statement_id)
        if report is None:
            continue
        if not report.topics or report.topics[-1].topic.pk != finding.topic_id:
            report.topics.append(TopicFindings(topic=finding.topic))
        report.topics[-1].findings.append(finding)

    links = (
        Evidence.findings.through.objects.filter(finding__topic__assessment=assessment)
        .select_related("evidence", "finding__topic")
        .order_by("evidence__date", "evidence__title", "evidence_id")
    )
    listed: set[tuple[int, int]] = set()
    for link in links:
        key = (link.finding.topic.statement_id, link.evidence_id)
        if key[0] in statements and key not in listed:
            listed.add(key)
            statements[key[0]].evidence.append(link.evidence)

    actions = _actions_by_statement(assessment)
    for statement_id, items in (actions or {}).items():
        if statement_id in statements:
            statements[statement_id].actions = items

    themes: dict[int, ThemeReport] = {}
    for score in scores:
        theme = score.statement.theme
        themes.setdefault(theme.pk, ThemeReport(theme=theme)).statements.append(
            statements[score.statement_id]
        )

    return AssessmentReport(
        assessment=assessment,
        themes=list(themes.values()),
        result=scoring.result_from_scores(s.score for s in scores),
        generated_at=timezone.now(),
        has_actions=actions is not None,
        sections=panels.report_appendices(assessment),
    )

"""Reads of findings: grouped as reports print them, and filtered across assessments."""

from __future__ import annotations

from dataclasses import dataclass, field

from core import history
from findings.models import Finding, Topic


@dataclass
class TopicFindings:
    topic: Topic
    findings: list[Finding] = field(default_factory=list)


def statement_topics(assessment, statement) -> list[TopicFindings]:
    """The statement's topics in order, each with its findings in order (one query)."""
    grouped: dict[int, TopicFindings] = {}
    for finding in Finding.objects.for_statement(assessment, statement):
        grouped.setdefault(finding.topic_id, TopicFindings(topic=finding.topic)).findings.append(
            finding
        )
    return list(grouped.values())


def finding_detail_queryset():
    return Finding.objects.select_related(
        "topic__assessment__organisation", "topic__statement__theme", "recorded_by"
    )


def finding_changes(finding: Finding, limit: int = 30) -> list[history.Change]:
    """The finding's edits, newest first, each with what it changed (one query)."""
    return history.changes(
        finding.history.all(),
        fields=["text", "source", "evidence_category", "judgement", "topic", "order"],
        related=("topic",),
        labels={"order": "Position", "text": "Finding"},
        limit=limit,
    )


def export_rows(queryset):
    """Rows for the CSV export: plain values straight from the database, streamed in chunks."""
    return queryset.values_list(
        "pk",
        "topic__assessment__organisation__name",
        "topic__assessment__title",
        "topic__statement__theme__title",
        "topic__statement__title",
        "topic__title",
        "order",
        "text",
        "source",
        "evidence_category",
        "judgement",
        "recorded_at",
    ).iterator(chunk_size=2000)

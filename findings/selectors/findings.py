"""Reads of findings: grouped as reports print them, and filtered across assessments."""

from __future__ import annotations

from dataclasses import dataclass, field

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


def finding_changes(finding: Finding, limit: int = 30) -> list[dict]:
    """The finding's edits, newest first, with the fields each one changed (one query)."""
    records = list(
        finding.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    tracked = ("text", "source", "evidence_category", "judgement", "topic_id", "order")
    changes = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is None:
            fields = ["created"] if record.history_type == "+" else []
        else:
            fields = [f for f in tracked if getattr(previous, f) != getattr(record, f)]
        changes.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "fields": [
                    "position" if f == "order" else "topic" if f == "topic_id" else f
                    for f in fields
                ],
            }
        )
    return changes


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

"""Reads of findings: grouped as reports print them, and filtered across assessments."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

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


def finding_detail_queryset(user):
    """The findings the user may see, with what a finding's page shows of its place."""
    return Finding.objects.for_user(user).select_related(
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
    """Rows for the CSV and XLSX exports, streamed in chunks: choices as the labels people
    read ("Feedback from staff and leaders", not staff_leaders) and each finding's position in
    its topic counted from 1, as the statement page shows it (stored positions may have gaps
    after a deletion, and start at 0)."""
    labels = {
        "source": dict(Finding.Source.choices),
        "evidence_category": dict(Finding.EvidenceCategory.choices),
        "judgement": dict(Finding.Judgement.choices),
    }
    earlier = (
        Finding.objects.filter(topic=OuterRef("topic"), order__lt=OuterRef("order"))
        .order_by()
        .values("topic")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        queryset.annotate(position=Coalesce(Subquery(earlier, output_field=IntegerField()), 0) + 1)
        .values_list(
            "pk",
            "topic__assessment__organisation__name",
            "topic__assessment__title",
            "topic__statement__theme__title",
            "topic__statement__title",
            "topic__title",
            "position",
            "text",
            "source",
            "evidence_category",
            "judgement",
            "recorded_at",
        )
        .iterator(chunk_size=2000)
    )
    for *head, source, category, judgement, recorded_at in rows:
        yield (
            *head,
            labels["source"].get(source, source),
            labels["evidence_category"].get(category, category),
            labels["judgement"].get(judgement, judgement),
            recorded_at,
        )

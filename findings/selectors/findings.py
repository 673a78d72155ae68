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

"""The version of an assessment's report: a fingerprint of everything it prints, in one query.

The stored PDF of a version is served as long as the version is unchanged (jobs/documents.py);
any change to what the report shows must change it, so every part of the report is here:
the assessment (auto_now updated_at) and its organisation's, framework's and lead's names; the
statements; the scores; topics (no updated_at: count, newest id, order and title lengths);
findings (count, newest id, newest edit: a deletion lowers the count, an edit or an addition
raises the others); evidence (no updated_at: its history table, which grows on every save and
delete) and its links to findings; and what other apps print in the report
(registered with core.panels.register_report_version): the complaints appendix, and the
actions answering the findings, including how many are red or amber today.
"""

from __future__ import annotations

from django.db.models import F, OuterRef

from assessment.models import Assessment, QualityStatement, StatementScore
from core import panels
from findings.models import Evidence, Finding, Topic
from jobs import versions


def report_version(assessment: Assessment) -> str:
    """A fingerprint of what the assessment's report shows now (one query)."""
    mine = OuterRef("pk")
    links = Evidence.findings.through.objects.filter(finding__topic__assessment=mine)
    # Within the evidence's own subquery, the assessment is one level further out.
    cited = Evidence.findings.through.objects.filter(
        finding__topic__assessment=OuterRef(mine)
    ).values("evidence_id")
    parts = {
        "assessment": F("updated_at"),
        "organisation": F("organisation__name"),
        "framework": F("framework__name"),
        "lead": F("lead__username"),
        "lead.first": F("lead__first_name"),
        "lead.last": F("lead__last_name"),
        **versions.prefixed(
            "statements",
            versions.rows(QualityStatement.objects.filter(framework=OuterRef("framework"))),
        ),
        **versions.prefixed(
            "scores",
            versions.rows(StatementScore.objects.filter(assessment=mine), edited="updated_at"),
        ),
        **versions.prefixed("topics", versions.rows(Topic.objects.filter(assessment=mine))),
        "topics.order": versions.maximum(Topic.objects.filter(assessment=mine), "order"),
        "topics.titles": versions.total_length(Topic.objects.filter(assessment=mine), "title"),
        **versions.prefixed(
            "findings",
            versions.rows(Finding.objects.filter(topic__assessment=mine), edited="updated_at"),
        ),
        # The evidence the report lists: what supports the assessment's findings.
        **versions.prefixed("evidence", versions.rows(Evidence.objects.filter(pk__in=cited))),
        "evidence.edited": versions.maximum(
            Evidence.history.model.objects.filter(id__in=cited), "history_id"
        ),
        **versions.prefixed("evidence.links", versions.rows(links)),
    }
    # What other apps print in the report: the actions answering findings, the complaints
    # appendix (registered in their AppConfig.ready(), see core/panels.py).
    parts |= panels.report_version_parts(assessment)
    return versions.version_of(Assessment.objects.filter(pk=assessment.pk), parts)

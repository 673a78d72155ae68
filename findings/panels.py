"""Findings panels on the assessment pages (see core/panels.py)."""

from django.db.models import Count, Q

from core.panels import Panel
from core.urls_for_rows import row_urls
from findings.forms.findings import FindingForm
from findings.models import Evidence, Finding
from findings.selectors.findings import statement_topics


def statement_findings(request, score_record) -> Panel:
    """Key findings grouped by topic as the report prints them, and the add-a-finding form."""
    topics = statement_topics(score_record.assessment, score_record.statement)
    urls = {
        "detail_url": row_urls("findings:finding-detail"),
        "edit_url": row_urls("findings:finding-update"),
        "move_up_url": row_urls("findings:finding-move", "up"),
        "move_down_url": row_urls("findings:finding-move", "down"),
        "delete_url": row_urls("findings:finding-delete"),
    }
    for group in topics:
        for finding in group.findings:
            for attribute, url in urls.items():
                setattr(finding, attribute, url(finding.pk))
    context = {
        "topics": topics,
        "score_record": score_record,
        "topic_titles": [group.topic.title for group in topics],
    }
    if request.user.has_perm("findings.add_finding"):
        context["form"] = FindingForm(submit_label="Add finding")
    return Panel(template_name="findings/_statement_findings.html", context=context)


def assessment_findings(request, assessment) -> Panel | None:
    """Counts of findings per judgement and evidence for the assessment (one query each)."""
    if not request.user.has_perm("findings.view_finding"):
        return None
    counts = Finding.objects.filter(topic__assessment=assessment).aggregate(
        total=Count("pk"),
        **{value: Count("pk", filter=Q(judgement=value)) for value in Finding.Judgement.values},
    )
    return Panel(
        template_name="findings/_assessment_findings.html",
        context={
            "assessment": assessment,
            "counts": counts,
            "judgements": [
                (value, label, counts[value]) for value, label in Finding.Judgement.choices
            ],
            "evidence_count": Evidence.objects.filter(assessment=assessment).count(),
        },
    )

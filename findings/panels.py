"""Findings panels on the assessment and organisation pages (see core/panels.py)."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html_join

from core.panels import Panel
from core.urls_for_rows import row_urls
from findings.forms.findings import FindingForm
from findings.forms.triage import CATEGORY_CHOICES, triage_prefix
from findings.models import Evidence, Finding
from findings.models.evidence import REVIEW_NOTICE_DAYS
from findings.selectors.findings import statement_topics


def statement_findings(request, score_record) -> Panel:
    """Key findings grouped by topic as the report prints them, each with its judgement, source
    and category to set in place (for those who may change findings), and the add form."""
    topics = statement_topics(score_record.assessment, score_record.statement)
    urls = {
        "detail_url": row_urls("findings:finding-detail"),
        "edit_url": row_urls("findings:finding-update"),
        "move_up_url": row_urls("findings:finding-move", "up"),
        "move_down_url": row_urls("findings:finding-move", "down"),
        "delete_url": row_urls("findings:finding-delete"),
        "triage_url": row_urls("findings:finding-triage"),
    }
    findings = [finding for group in topics for finding in group.findings]
    options = {field: _options(choices) for field, choices in TRIAGE_CHOICES.items()}
    for group in topics:
        for position, finding in enumerate(group.findings, start=1):
            # Says which finding a button is for, to screen readers (read out with it).
            finding.where = f"finding {position} under {group.topic.title}"
    for finding in findings:
        finding.prefix = triage_prefix(finding.pk)
        for attribute, url in urls.items():
            setattr(finding, attribute, url(finding.pk))
        for field, by_value in options.items():
            value = getattr(finding, field)
            setattr(finding, f"{field}_options", by_value.get(value) or by_value[None])
    unreviewed = _link_unreviewed(findings)
    context = {
        "topics": topics,
        "score_record": score_record,
        "topic_titles": [group.topic.title for group in topics],
        "can_triage": request.user.has_perm("findings.change_finding", score_record),
        "can_delete": request.user.has_perm("findings.delete_finding", score_record),
        "unreviewed_count": len(unreviewed),
        "first_unreviewed": unreviewed[0] if unreviewed else None,
    }
    if request.user.has_perm("findings.add_finding", score_record):
        context["form"] = FindingForm(submit_label="Add finding")
    return Panel(template_name="findings/_statement_findings.html", context=context)


TRIAGE_CHOICES = {
    "judgement": Finding.Judgement.choices,
    "source": Finding.Source.choices,
    "evidence_category": CATEGORY_CHOICES,
}


def _options(choices) -> dict:
    """{value: a select's <option>s with that value selected} (None: none selected). Built once
    per page and field: written by the template for each of 50 findings, the options were a
    third of the page's time."""
    return {
        selected: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((value, " selected" if value == selected else "", label) for value, label in choices),
        )
        for selected in [None, *(value for value, _label in choices)]
    }


def _link_unreviewed(findings: list[Finding]) -> list[Finding]:
    """Give each finding `next_unreviewed`: the first finding not yet reviewed after it, from
    the top again after the last (the page's "Next not yet reviewed" link, which works as a
    plain link without script). Returns the findings not yet reviewed."""
    unreviewed = [f for f in findings if f.judgement == Finding.Judgement.NOT_REVIEWED]
    first = unreviewed[0] if unreviewed else None
    following = None
    for finding in reversed(findings):
        finding.next_unreviewed = following or (first if first is not finding else None)
        if finding.judgement == Finding.Judgement.NOT_REVIEWED:
            following = finding
    return unreviewed


def assessment_findings(request, assessment) -> Panel | None:
    """Counts of findings per judgement and evidence for the assessment (one query each)."""
    if not request.user.has_perm("findings.view_finding", assessment):
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
            "evidence_count": Evidence.objects.linked_to_assessment(assessment).count(),
        },
    )


def comparison_findings(request, comparison) -> Panel | None:
    """Each statement's findings by judgement in the two compared assessments (one query)."""
    if not request.user.has_perm("findings.view_finding", comparison.after):
        return None
    before, after = comparison.before.pk, comparison.after.pk
    counts = {
        (assessment, statement, judgement): n
        for assessment, statement, judgement, n in Finding.objects.filter(
            topic__assessment__in=[before, after]
        )
        .order_by()
        .values_list("topic__assessment_id", "topic__statement_id", "judgement")
        .annotate(n=Count("pk"))
    }

    def judged(assessment, statement):
        return [
            (label, counts[(assessment, statement, value)])
            for value, label in Finding.Judgement.choices
            if counts.get((assessment, statement, value))
        ]

    rows = [
        (row, judged(before, row.statement.pk), judged(after, row.statement.pk))
        for row in comparison.rows
    ]
    return Panel(
        template_name="findings/_comparison_findings.html",
        context={"comparison": comparison, "rows": rows, "any": bool(counts)},
    )


def organisation_evidence(request, organisation) -> Panel | None:
    """The evidence library's size and what needs review (one query)."""
    if not request.user.has_perm("findings.view_evidence", organisation):
        return None
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
    counts = Evidence.objects.filter(organisation=organisation).aggregate(
        total=Count("pk"),
        due=Count("pk", filter=Q(review_date__lte=soon)),
        lapsed=Count("pk", filter=Q(review_date__lt=today)),
    )
    return Panel(
        template_name="findings/_organisation_evidence.html",
        context={"organisation": organisation, "counts": counts},
    )

"""The learning report's downloads: the PDF (WeasyPrint, built once per version by a job:
jobs.documents) and the workbook (core.exports)."""

from __future__ import annotations

from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from assessment.models import Organisation
from assessment.pdf import render_pdf
from core.exports import Column
from jobs import versions
from jobs.documents import Document
from jobs.models import Job
from jobs.services import JobFailed, finish_job, report_progress
from jobs.tasks import job_task
from learning.models import (
    Acknowledgement,
    AudienceMember,
    EffectivenessCheck,
    LearningBrief,
    SafeguardingAdultsReview,
    SARRecommendation,
)
from learning.selectors.report import LearningReport, learning_report, year_label

PERMISSION = "learning.view_learningbrief"


def report_pdf(organisation: Organisation, year: int) -> bytes:
    report = learning_report(organisation, year)
    html = render_to_string(
        "learning/report_pdf.html", {"report": report, "generated_at": timezone.now()}
    )
    return render_pdf(html)


def report_version(organisation: Organisation, year: int) -> str:
    """A fingerprint of what the report shows now, in one query (jobs/versions.py). The date
    is part of it: the checks overdue change with it."""
    mine = {"organisation": organisation}
    parts = {
        "organisation": F("name"),
        **versions.prefixed(
            "reviews",
            versions.rows(SafeguardingAdultsReview.objects.filter(**mine), edited="updated_at"),
        ),
        **versions.prefixed(
            "recommendations",
            versions.rows(
                SARRecommendation.objects.filter(review__organisation=organisation),
                edited="updated_at",
            ),
        ),
        **versions.prefixed(
            "briefs", versions.rows(LearningBrief.objects.filter(**mine), edited="updated_at")
        ),
        **versions.prefixed(
            "audience",
            versions.rows(AudienceMember.objects.filter(brief__organisation=organisation)),
        ),
        **versions.prefixed(
            "acknowledgements",
            versions.rows(Acknowledgement.objects.filter(brief__organisation=organisation)),
        ),
        **versions.prefixed(
            "checks",
            versions.rows(EffectivenessCheck.objects.filter(brief__organisation=organisation)),
        ),
    }
    today = timezone.localdate().isoformat()
    return versions.version_of(Organisation.objects.filter(pk=organisation.pk), parts) + today


def report_document(organisation: Organisation, year: int) -> Document:
    filename = f"{slugify(organisation.name)[:60]}-learning-report-{year}.pdf"
    return Document(
        kind=Job.Kind.LEARNING_REPORT_PDF,
        subject=f"organisation:{organisation.pk}:{year}",
        version=report_version(organisation, year),
        title=f"Learning report {year_label(year)}: {organisation}",
        filename=filename,
        task=build_report_pdf,
        kwargs={"organisation_id": organisation.pk, "year": year, "filename": filename},
        organisation=organisation,
        permission=PERMISSION,
    )


@job_task
def build_report_pdf(job, *, organisation_id: int, year: int, filename: str):
    """Lay out the learning report's PDF and store it."""
    report_progress(job, 0, 2, unit="steps", message="Laying out the pages")
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise JobFailed("The organisation was deleted before its report could be made.")
    pdf = report_pdf(organisation, year)
    report_progress(job, 1, 2, message="Storing the PDF")
    finish_job(
        job,
        message="PDF laid out",
        content=pdf,
        filename=filename,
        content_type="application/pdf",
        result_url=reverse("learning:report-pdf", args=[organisation_id]) + f"?year={year}",
    )


def _pct(part, whole):
    return part / whole if whole else None


def _summary(report: LearningReport) -> list:
    """(figure, value) rows of the summary sheet."""
    return [
        ("Organisation", str(report.organisation)),
        ("Year", report.label),
        ("Briefs issued", len(report.briefs)),
        ("People sent a brief", report.audience),
        ("Acknowledged", report.acknowledged),
        ("Reach (%)", report.percent),
        ("Median days to acknowledge", report.median_days),
        *((f"Checks: {label}", count) for label, count in report.check_results),
        ("Checks overdue", report.checks_overdue),
    ]


def report_sheets(report: LearningReport) -> list:
    """The workbook's sheets: summary, recommendations, briefs, checks."""
    summary = _summary(report)
    recommendations = [
        (
            review.title,
            review.board,
            review.published,
            rec.number,
            rec.text,
            str(rec.owner),
            rec.get_status_display(),
            rec.brief_count,
            rec.checked_count,
        )
        for review in report.reviews
        for rec in review.recommendations.all()
    ]
    briefs = [
        (
            brief.title,
            brief.source_label,
            timezone.localdate(brief.published_at),
            brief.acknowledge_by,
            brief.audience_count,
            brief.acknowledged_count,
            _pct(brief.acknowledged_count, brief.audience_count),
            brief.median_days,
            brief.check_due,
            brief.latest_result_label,
        )
        for brief in report.briefs
    ]
    checks = [
        (
            check.brief.title,
            check.date,
            check.get_method_display(),
            check.cases,
            check.get_result_display(),
            check.evidence,
            str(check.follow_up_action or check.follow_up_brief or ""),
        )
        for check in report.checks
    ]
    return [
        ("Summary", [Column("Figure", width=32), Column("Value", width=40)], summary),
        ("Recommendations", RECOMMENDATION_COLUMNS, recommendations),
        ("Briefs", BRIEF_COLUMNS, briefs),
        ("Checks", CHECK_COLUMNS, checks),
    ]


RECOMMENDATION_COLUMNS = [
    Column("Review", width=30),
    Column("Board", width=30),
    Column("Published", "date", 12),
    Column("Number", "number", 8),
    Column("Recommendation", width=50),
    Column("Owner", width=20),
    Column("Status", width=12),
    Column("Briefs", "number", 8),
    Column("Briefs checked", "number", 10),
]
BRIEF_COLUMNS = [
    Column("Brief", width=40),
    Column("Source", width=24),
    Column("Published", "date", 12),
    Column("Acknowledge by", "date", 12),
    Column("Audience", "number", 10),
    Column("Acknowledged", "number", 12),
    Column("Reach", "percent", 8),
    Column("Median days to acknowledge", "number", 12),
    Column("Check date", "date", 12),
    Column("Latest check", width=16),
]
CHECK_COLUMNS = [
    Column("Brief", width=40),
    Column("Date", "date", 12),
    Column("Method", width=22),
    Column("Cases", "number", 8),
    Column("Result", width=16),
    Column("Evidence", width=60),
    Column("Follow-up", width=40),
]

"""Background jobs of the findings app: the assessment report's PDF, built once per version."""

from __future__ import annotations

import io

from django.urls import reverse

from assessment.models import Assessment
from jobs.services import JobFailed, finish_job, report_progress
from jobs.tasks import job_task

STEPS = 3


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


@job_task
def build_report_pdf(job, *, assessment_id: int, filename: str):
    """Read the report, lay it out with WeasyPrint (report_exports.report_pdf) and store it."""
    from findings.selectors.report import assessment_report
    from findings.services import report_exports

    report_progress(job, 0, STEPS, unit="steps", message="Reading the report's data")
    try:
        assessment = Assessment.objects.select_related("organisation", "framework", "lead").get(
            pk=assessment_id
        )
    except Assessment.DoesNotExist:
        raise JobFailed("The assessment was deleted before its report could be made.") from None
    report = assessment_report(assessment)
    findings = sum(item.finding_count for item in report.statements)
    report_progress(job, 1, STEPS, message=f"Laying out the pages ({findings:,} findings)")
    pdf = report_exports.report_pdf(report)
    pages = page_count(pdf)
    report_progress(job, 2, STEPS, message=f"Storing {pages:,} pages")
    finish_job(
        job,
        message=f"{pages:,} pages laid out",
        content=pdf,
        filename=filename,
        content_type="application/pdf",
        result_url=reverse("findings:assessment-report-pdf", args=[assessment_id]),
    )

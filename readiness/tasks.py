"""Background jobs of the readiness app: the information return pack, as a PDF and as a
workbook, each built once per version (jobs/documents.py)."""

from __future__ import annotations

import io

from django.urls import reverse

from assessment.models import Assessment
from jobs.services import JobFailed, finish_job, report_progress
from jobs.tasks import job_task

STEPS = 3
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pack(job, assessment_id: int):
    from readiness.selectors.pack import information_return_pack

    report_progress(job, 0, STEPS, unit="steps", message="Reading the self-assessment")
    try:
        assessment = Assessment.objects.select_related("organisation", "framework").get(
            pk=assessment_id
        )
    except Assessment.DoesNotExist:
        raise JobFailed("The assessment was deleted before its pack could be made.") from None
    return information_return_pack(assessment)


@job_task
def build_pack_pdf(job, *, assessment_id: int, filename: str):
    """Lay out the pack's PDF (readiness.pack.pack_pdf) and store it."""
    from findings.tasks import page_count
    from readiness.pack import pack_pdf

    pack = _pack(job, assessment_id)
    report_progress(job, 1, STEPS, message="Laying out the pages")
    pdf = pack_pdf(pack)
    pages = page_count(pdf)
    report_progress(job, 2, STEPS, message=f"Storing {pages:,} pages")
    finish_job(
        job,
        message=f"{pages:,} pages laid out",
        content=pdf,
        filename=filename,
        content_type="application/pdf",
        result_url=reverse("readiness:pack-pdf", args=[assessment_id]),
    )


@job_task
def build_pack_xlsx(job, *, assessment_id: int, filename: str):
    """Write the pack's workbook (readiness.pack.pack_xlsx) and store it."""
    from readiness.pack import pack_xlsx

    pack = _pack(job, assessment_id)
    report_progress(job, 1, STEPS, message="Writing the workbook")
    handle = io.BytesIO()
    pack_xlsx(pack, handle)
    report_progress(job, 2, STEPS, message="Storing the workbook")
    finish_job(
        job,
        message="Workbook written",
        content=handle.getvalue(),
        filename=filename,
        content_type=XLSX,
        result_url=reverse("readiness:pack-xlsx", args=[assessment_id]),
    )

"""Background jobs of the findings app: the assessment report's PDF, built once per version,
and the import of a published report."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessment.models import Assessment
from findings.importers.report import parse_report
from findings.services import reports
from jobs.models import Job
from jobs.services import (
    JobFailed,
    content_digest,
    fingerprint,
    finish_job,
    report_progress,
    start_job,
)
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


IMPORT_STEPS = 3


def _importer(user_id: int | None):
    if user_id is None:
        return None  # a command: trusted, as nobody in particular
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise JobFailed("Nothing was imported: the account that started this import is closed.")
    return user


@job_task
def import_report_file(job, *, assessment_id: int, user_id: int | None):
    """Read the stored report (text or PDF), check every section, then import it in one
    transaction (findings.services.reports.import_report: what is already there is skipped,
    so the same report twice adds nothing)."""
    name = job.input_name
    assessment = Assessment.objects.select_related("framework").filter(pk=assessment_id).first()
    if assessment is None:
        raise JobFailed("Nothing was imported: the assessment was deleted.")
    user = _importer(user_id)
    report_progress(job, 0, IMPORT_STEPS, unit="steps", message=f"Reading {name}")
    try:
        with job.input_file.open("rb") as handle:
            text = reports.text_from_upload(name, handle.read())
        report_progress(job, 1, IMPORT_STEPS, message="Checking every section")
        sections = parse_report(text, reports.catalogue_for(assessment.framework))
        message = f"Writing {len(sections)} statement{'s' if len(sections) != 1 else ''}"
        report_progress(job, 2, IMPORT_STEPS, message=f"{message} (all or nothing)")
        results = reports.import_report(assessment=assessment, text=text, user=user)
    except (reports.ReportFormatError, reports.ReportReadError) as error:
        raise JobFailed(f"Nothing imported from {name}: {error}.") from None
    except PermissionDenied as error:
        raise JobFailed(f"Nothing was imported: {error}") from None
    lines = [result.line for result in results]
    lines += [f"Warning: {warning}" for result in results for warning in result.warnings]
    finish_job(job, message="\n".join(lines), result_url=assessment.get_absolute_url())


def start_report_import(*, upload, assessment, user, queue: bool = True):
    """Store the report (a .txt or .pdf upload, or the previewed text as a .txt) and queue its
    import. The same content for the same assessment while one is queued or running is that
    job (Started.created False); once done, the import itself adds nothing twice."""
    kind = Job.Kind.REPORT_IMPORT
    return start_job(
        kind=kind,
        task=import_report_file,
        title=f"Import of {upload.name} into {assessment}",
        user=user,
        organisation=assessment.organisation,
        permission="findings.add_finding",
        subject=f"assessment:{assessment.pk}",
        fingerprint=fingerprint(kind, assessment.pk, content_digest(upload)),
        kwargs={"assessment_id": assessment.pk, "user_id": user.pk if user else None},
        input_file=upload,
        reuse_done=False,
        queue=queue,
    )

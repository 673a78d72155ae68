"""The published-style assessment report: page, PDF, workbook; and the comparison page."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from assessment.models import Assessment
from core.exports import xlsx_file_response
from findings.selectors import report as report_selectors
from findings.selectors.report_version import report_version
from findings.services import report_exports
from findings.tasks import build_report_pdf
from jobs.documents import Document, serve_or_build
from jobs.models import Job


def _assessment(request, pk) -> Assessment:
    """The assessment, among those of the user's organisations (else 404)."""
    return get_object_or_404(
        Assessment.objects.for_user(request.user).select_related(
            "organisation", "framework", "lead"
        ),
        pk=pk,
    )


def _filename(assessment: Assessment) -> str:
    return slugify(f"{assessment.organisation} {assessment.title}")[:80] or "assessment"


class ReportPermissionMixin(PermissionRequiredMixin):
    permission_required = ("assessment.view_assessment", "findings.view_finding")


class AssessmentReportView(ReportPermissionMixin, TemplateView):
    template_name = "findings/report/assessment_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = report_selectors.assessment_report(
            _assessment(self.request, self.kwargs["pk"])
        )
        return context


class AssessmentReportPdfView(ReportPermissionMixin, View):
    """The stored PDF of the report's current version; else a job builds it (jobs/documents)."""

    def get(self, request, pk):
        assessment = _assessment(request, pk)
        filename = f"{_filename(assessment)}.pdf"
        document = Document(
            kind=Job.Kind.REPORT_PDF,
            subject=f"assessment:{assessment.pk}",
            version=report_version(assessment),
            title=f"Report PDF: {assessment.organisation}, {assessment.title}",
            filename=filename,
            task=build_report_pdf,
            kwargs={"assessment_id": assessment.pk, "filename": filename},
            organisation=assessment.organisation,
            # Reading the report needs both; the job is checked against the findings one.
            permission="findings.view_finding",
        )
        return serve_or_build(request, document)


class AssessmentReportXlsxView(ReportPermissionMixin, View):
    def get(self, request, pk):
        assessment = _assessment(request, pk)
        report = report_selectors.assessment_report(assessment)
        return xlsx_file_response(
            _filename(assessment), lambda handle: report_exports.report_xlsx(report, handle)
        )

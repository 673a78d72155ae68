"""The published-style assessment report: page, PDF, workbook; and the comparison page."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from assessment.models import Assessment
from core.exports import xlsx_file_response
from findings.selectors import report as report_selectors
from findings.services import report_exports


def _assessment(pk) -> Assessment:
    return get_object_or_404(
        Assessment.objects.select_related("organisation", "framework", "lead"), pk=pk
    )


def _filename(assessment: Assessment) -> str:
    return slugify(f"{assessment.organisation} {assessment.title}")[:80] or "assessment"


class ReportPermissionMixin(PermissionRequiredMixin):
    permission_required = ("assessment.view_assessment", "findings.view_finding")


class AssessmentReportView(ReportPermissionMixin, TemplateView):
    template_name = "findings/report/assessment_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = report_selectors.assessment_report(_assessment(self.kwargs["pk"]))
        return context


class AssessmentReportPdfView(ReportPermissionMixin, View):
    def get(self, request, pk):
        assessment = _assessment(pk)
        pdf = report_exports.report_pdf(report_selectors.assessment_report(assessment))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{_filename(assessment)}.pdf"'
        return response


class AssessmentReportXlsxView(ReportPermissionMixin, View):
    def get(self, request, pk):
        assessment = _assessment(pk)
        report = report_selectors.assessment_report(assessment)
        return xlsx_file_response(
            _filename(assessment), lambda handle: report_exports.report_xlsx(report, handle)
        )

"""The learning report of an organisation for a financial year: page, PDF and workbook."""

from __future__ import annotations

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from assessment.models import Organisation
from core.exports import xlsx_response
from core.params import int_param
from jobs.documents import serve_or_build
from learning.report import PERMISSION, report_document, report_sheets
from learning.selectors.report import current_year, learning_report, year_label

FIRST_YEAR = 2015


class _ReportMixin(PermissionRequiredMixin):
    permission_required = PERMISSION

    def organisation(self) -> Organisation:
        organisations = Organisation.objects.for_user(self.request.user, self.permission_required)
        return get_object_or_404(organisations, pk=self.kwargs["pk"])

    def year(self) -> int:
        latest = current_year(timezone.localdate())
        return int_param(
            self.request.GET, "year", default=latest, minimum=FIRST_YEAR, maximum=latest + 1
        )


class ReportView(_ReportMixin, TemplateView):
    template_name = "learning/report.html"

    def get_context_data(self, **kwargs):
        organisation, year = self.organisation(), self.year()
        latest = current_year(timezone.localdate())
        return super().get_context_data(**kwargs) | {
            "organisation": organisation,
            "report": learning_report(organisation, year),
            "years": [(y, year_label(y)) for y in range(latest + 1, FIRST_YEAR - 1, -1)],
        }


class ReportPdfView(_ReportMixin, View):
    def get(self, request, pk):
        return serve_or_build(request, report_document(self.organisation(), self.year()))


class ReportXlsxView(_ReportMixin, View):
    def get(self, request, pk):
        organisation, year = self.organisation(), self.year()
        report = learning_report(organisation, year)
        filename = f"{slugify(organisation.name)[:60]}-learning-report-{year}"
        return xlsx_response(filename, report_sheets(report))

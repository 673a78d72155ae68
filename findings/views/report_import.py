"""Importing a published report into an assessment: upload or paste, preview, confirm."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponseRedirect
from django.views.generic import FormView

from findings.forms.findings import ReportImportForm
from findings.services import reports as report_services
from findings.views.common import AssessmentMixin


class ReportImportView(PermissionRequiredMixin, AssessmentMixin, FormView):
    """Upload or paste a published report; its statements' scores and findings are added."""

    permission_required = ("findings.add_finding", "assessment.change_statementscore")
    form_class = ReportImportForm
    template_name = "findings/report_import.html"

    def form_valid(self, form):
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                text = report_services.text_from_upload(
                    upload.name, upload.read(), max_pages=settings.REPORT_IMPORT_MAX_PAGES
                )
            else:
                text = form.cleaned_data["text"]
            report_services.check_page_size(text, settings.REPORT_IMPORT_MAX_CHARS)
            if not form.cleaned_data["confirm"]:
                preview = report_services.preview_import(
                    assessment=self.assessment, text=text, user=self.request.user
                )
                return self.render_to_response(
                    self.get_context_data(
                        form=form,
                        preview=preview,
                        text=text,
                        changes=any(item.changed for item in preview),
                    )
                )
            results = report_services.import_report(
                assessment=self.assessment, text=text, user=self.request.user
            )
        except (report_services.ReportFormatError, report_services.ReportReadError) as exc:
            where = "file" if upload else "text"
            form.add_error(where, f"Nothing was imported: {exc}.")
            return self.form_invalid(form)
        for result in results:
            level = messages.SUCCESS if result.changed else messages.INFO
            messages.add_message(self.request, level, result.line)
            for warning in result.warnings:
                messages.warning(self.request, f"Warning: {warning}")
        return HttpResponseRedirect(self.assessment.get_absolute_url())

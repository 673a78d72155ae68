"""Importing a published report into an assessment: upload or paste, preview, confirm. The
preview is read in the request (within the page's limits); the import is a job."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.files.base import ContentFile
from django.http import HttpResponseRedirect
from django.views.generic import FormView

from findings.forms.findings import ReportImportForm
from findings.services import reports as report_services
from findings.tasks import start_report_import
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
            if form.cleaned_data["confirm"]:
                return self.start_import(text)
            preview = report_services.preview_import(
                assessment=self.assessment, text=text, user=self.request.user
            )
        except (report_services.ReportFormatError, report_services.ReportReadError) as exc:
            where = "file" if upload else "text"
            form.add_error(where, f"Nothing was imported: {exc}.")
            return self.form_invalid(form)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                preview=preview,
                text=text,
                changes=any(item.changed for item in preview),
            )
        )

    def start_import(self, text: str):
        """The previewed text, stored with its job: checked again and imported there, all or
        nothing (the same text while it is being imported: that job)."""
        started = start_report_import(
            upload=ContentFile(text.encode(), name="report.txt"),
            assessment=self.assessment,
            user=self.request.user,
        )
        if started.created:
            messages.success(self.request, "The import has started: all of it, or nothing.")
        else:
            messages.info(self.request, "This text is already being imported: here is its job.")
        return HttpResponseRedirect(started.job.get_absolute_url())

"""The information return pack: one PDF and one workbook per assessment, each built by a job
once per version and then served from storage (jobs/documents.py)."""

from __future__ import annotations

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.views import View

from assessment.models import Assessment
from jobs.documents import Document, serve_or_build
from jobs.models import Job
from readiness.pack import pack_filename, pack_version
from readiness.tasks import XLSX, build_pack_pdf, build_pack_xlsx


class PackView(PermissionRequiredMixin, View):
    permission_required = ("assessment.view_assessment", "readiness.view_statementselfassessment")
    kind = ""
    extension = ""
    task = None
    content_type = ""
    what = ""

    def get(self, request, pk):
        assessment = get_object_or_404(
            Assessment.objects.for_user(request.user).select_related("organisation", "framework"),
            pk=pk,
        )
        filename = f"{pack_filename(assessment)}.{self.extension}"
        document = Document(
            kind=self.kind,
            subject=f"assessment:{assessment.pk}",
            version=pack_version(assessment),
            title=f"Information return pack ({self.what}): {assessment.organisation}, "
            f"{assessment.title}",
            filename=filename,
            task=self.task,
            kwargs={"assessment_id": assessment.pk, "filename": filename},
            organisation=assessment.organisation,
            permission="readiness.view_statementselfassessment",
            content_type=self.content_type,
        )
        return serve_or_build(request, document)


class PackPdfView(PackView):
    kind = Job.Kind.RETURN_PACK_PDF
    extension = "pdf"
    task = build_pack_pdf
    content_type = "application/pdf"
    what = "PDF"


class PackXlsxView(PackView):
    kind = Job.Kind.RETURN_PACK_XLSX
    extension = "xlsx"
    task = build_pack_xlsx
    content_type = XLSX
    what = "workbook"

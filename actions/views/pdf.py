"""An action plan as a PDF: built once per version by a job, then served from storage."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views import View

from actions.models import ActionPlan
from actions.plan_pdf import plan_pdf_version
from actions.tasks import build_plan_pdf
from jobs.documents import Document, serve_or_build
from jobs.models import Job


class PlanPdfView(PermissionRequiredMixin, View):
    permission_required = "actions.view_actionplan"

    def get(self, request, pk):
        plan = get_object_or_404(
            ActionPlan.objects.for_user(request.user).select_related("organisation"), pk=pk
        )
        filename = f"{slugify(f'{plan.organisation} {plan.title}')[:80] or 'action-plan'}.pdf"
        document = Document(
            kind=Job.Kind.PLAN_PDF,
            subject=f"plan:{plan.pk}",
            version=plan_pdf_version(plan),
            title=f"Action plan PDF: {plan.title}",
            filename=filename,
            task=build_plan_pdf,
            kwargs={"plan_id": plan.pk, "filename": filename},
            organisation=plan.organisation,
            permission=self.permission_required,
        )
        return serve_or_build(request, document)

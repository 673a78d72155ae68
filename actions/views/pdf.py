"""An action plan as a PDF, for meetings: the plan, its history and every action."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from actions import selectors
from actions.models import ActionPlan, PlanTransition, ProgressUpdate
from assessment.pdf import render_pdf


class PlanPdfView(PermissionRequiredMixin, View):
    permission_required = "actions.view_actionplan"

    def get(self, request, pk):
        plan = get_object_or_404(
            ActionPlan.objects.select_related("organisation", "assessment", "owner"), pk=pk
        )
        latest_updates = ProgressUpdate.objects.select_related("author").order_by("-date", "-pk")
        actions = selectors.plan_actions(plan).prefetch_related(
            Prefetch("updates", queryset=latest_updates, to_attr="ordered_updates")
        )
        html = render_to_string(
            "actions/plan_pdf.html",
            {
                "plan": plan,
                "actions": actions,
                "transitions": PlanTransition.objects.filter(plan=plan)
                .select_related("by")
                .order_by("at", "pk"),
                "generated_at": timezone.now(),
            },
        )
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        name = slugify(f"{plan.organisation} {plan.title}")[:80] or "action-plan"
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response

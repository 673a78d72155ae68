"""Project-level pages that draw on every app (the dashboard)."""

from django.views.generic import TemplateView

from actions import selectors as action_selectors
from assessment import selectors as assessment_selectors
from assessment.models import Assessment


class DashboardView(TemplateView):
    template_name = "dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status_counts"] = [
            (value, label, count)
            for (value, label), count in zip(
                Assessment.Status.choices,
                assessment_selectors.assessment_status_counts().values(),
                strict=True,
            )
        ]
        context["recent_assessments"] = Assessment.objects.for_list()[:5]
        user = self.request.user
        if user.has_perm("actions.review_action"):
            # The managers' section: every action figure in one aggregate query, plus two.
            actions = action_selectors.action_dashboard()
            context["actions"] = actions
            context["chart"] = action_selectors.chart_geometry(actions.chart)
        elif user.has_perm("actions.view_action"):
            context["my_actions"] = action_selectors.my_action_counts(user)
        return context

"""Project-level pages that draw on every app (the dashboard)."""

from django.views.generic import TemplateView

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
        return context

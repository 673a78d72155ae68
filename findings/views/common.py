"""Helpers shared by the findings app's pages."""

from django.shortcuts import get_object_or_404

from assessment.models import Assessment


class AssessmentMixin:
    """Resolves the assessment from the URL (pk) for pages within one assessment."""

    def dispatch(self, request, *args, **kwargs):
        self.assessment = get_object_or_404(
            Assessment.objects.select_related("organisation", "framework"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessment"] = self.assessment
        return context

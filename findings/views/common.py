"""Helpers shared by the findings app's pages: the assessment, or the statement of an
assessment, that a page belongs to, resolved from the URL among the user's organisations'."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from assessment.models import Assessment, Organisation, StatementScore


class WithinMixin:
    """A page within one record named by the URL (an assessment, a statement's score), on a
    view with PermissionRequiredMixin. In this order: a role that grants the view's
    permissions nowhere is refused (403, as before any record is read); a record of another
    organisation is not found (404: its existence is not revealed); a role of the record's
    organisation that does not grant them there is refused (403)."""

    def get_within(self, request, **kwargs):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        within = self.get_within(request, **kwargs)
        if not all(request.user.has_perm(p, within) for p in self.get_permission_required()):
            raise PermissionDenied(self.get_permission_denied_message())
        return super().dispatch(request, *args, **kwargs)


class AssessmentMixin(WithinMixin):
    """Pages within one assessment (pk)."""

    def get_within(self, request, **kwargs):
        self.assessment = get_object_or_404(
            Assessment.objects.for_user(request.user).select_related("organisation", "framework"),
            pk=kwargs["pk"],
        )
        return self.assessment

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessment"] = self.assessment
        return context


class OrganisationMixin(WithinMixin):
    """Pages within one organisation (pk)."""

    def get_within(self, request, **kwargs):
        self.organisation = get_object_or_404(
            Organisation.objects.for_user(request.user), pk=kwargs["pk"]
        )
        return self.organisation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        return context


class StatementMixin(WithinMixin):
    """Pages within one statement of an assessment (pk, slug): its score record."""

    def get_within(self, request, **kwargs):
        self.score_record = get_object_or_404(
            StatementScore.objects.for_user(request.user).select_related(
                "assessment__organisation", "assessment__framework", "statement__theme"
            ),
            assessment_id=kwargs["pk"],
            statement__slug=kwargs["slug"],
        )
        return self.score_record

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessment"] = self.score_record.assessment
        context["statement"] = self.score_record.statement
        context["statement_url"] = self.score_record.get_absolute_url()
        return context

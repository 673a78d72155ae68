from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import CreateView, DetailView, UpdateView

from assessment import selectors, services
from assessment.filters import AssessmentFilter, OrganisationFilter
from assessment.forms import (
    AssessmentForm,
    ComparisonForm,
    OrganisationForm,
    StatementScoreForm,
)
from assessment.members.selectors import who_creates_organisations
from assessment.models import Assessment, Organisation, StatementScore
from core import panels
from core.concurrency import EditConflict, EditConflictMixin
from core.params import id_param
from core.views import ObjectPermissionMixin, PagedFilterView


class AssessmentListView(PagedFilterView):
    permission_required = "assessment.view_assessment"
    filterset_class = AssessmentFilter
    template_name = "assessment/assessment_list.html"

    def get_queryset(self):
        return Assessment.objects.for_user(self.request.user).for_list()


class AssessmentFormMixin:
    """The assessment form offers the organisations where the user's role allows the view's
    permission (recording a new assessment, or editing one), and their members as leads."""

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "user": self.request.user,
            "perm": self.permission_required,
        }


class AssessmentCreateView(PermissionRequiredMixin, AssessmentFormMixin, CreateView):
    permission_required = "assessment.add_assessment"
    model = Assessment
    form_class = AssessmentForm

    def get_initial(self):
        initial = super().get_initial()
        if organisation := id_param(self.request.GET, "organisation"):
            initial["organisation"] = organisation
        return initial

    def form_valid(self, form):
        self.object = services.create_assessment(assessment=form.instance, user=self.request.user)
        messages.success(self.request, f"Assessment “{self.object.title}” created.")
        return HttpResponseRedirect(self.object.get_absolute_url())


class RecordUpdateView(
    PermissionRequiredMixin, ObjectPermissionMixin, EditConflictMixin, UpdateView
):
    """Edit an assessment's or an organisation's details (services.update_record): one of the
    user's organisations' (else 404) where their role allows editing it (else 403)."""

    success_message = "Saved."

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)

    def form_valid(self, form):
        try:
            self.object = services.update_record(
                record=form.instance,
                user=self.request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except EditConflict as conflict:
            return self.refuse_conflict(form, conflict)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class AssessmentUpdateView(AssessmentFormMixin, RecordUpdateView):
    permission_required = "assessment.change_assessment"
    model = Assessment
    form_class = AssessmentForm
    success_message = "Assessment saved."
    conflict_noun = "assessment"


class AssessmentDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "assessment.view_assessment"
    model = Assessment

    def get_queryset(self):
        return Assessment.objects.for_user(self.request.user).select_related(
            "organisation", "framework", "lead"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = selectors.assessment_summary(self.object)
        context["panels"] = panels.panels_for(panels.ASSESSMENT, self.request, self.object)
        return context


class StatementDetailView(PermissionRequiredMixin, DetailView):
    """A quality statement within an assessment: what it says, its score, and the score form.

    Reading needs the view permission; saving a score needs the change permission (403).
    """

    permission_required = "assessment.view_statementscore"
    context_object_name = "score_record"
    template_name = "assessment/statement_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            StatementScore.objects.for_user(self.request.user).select_related(
                "assessment__organisation", "assessment__framework", "statement__theme"
            ),
            assessment_id=self.kwargs["pk"],
            statement__slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessment"] = self.object.assessment
        context["statement"] = self.object.statement
        context["score_history"] = selectors.score_changes(self.object)
        context["neighbours"] = selectors.neighbour_statements(self.object)
        context["panels"] = panels.panels_for(panels.STATEMENT, self.request, self.object)
        if "form" not in context and self.request.user.has_perm(
            "assessment.change_statementscore", self.object
        ):
            context["form"] = StatementScoreForm(instance=self.object)
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not request.user.has_perm("assessment.change_statementscore", self.object):
            raise PermissionDenied("You may not change scores.")
        form = StatementScoreForm(request.POST, instance=self.object)
        if not form.is_valid():
            messages.error(request, "The score was not saved: correct the errors below.")
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.set_statement_score(
                score_record=self.object,
                score=form.cleaned_data["score"],
                summary=form.cleaned_data["summary"],
                expected_version=form.cleaned_data["version"],
                user=request.user,
            )
        except EditConflict as conflict:
            return self._conflict(form, conflict)
        messages.success(
            request, f"Score for “{self.object.statement}” saved: {self.object.label}."
        )
        return HttpResponseRedirect(self.object.get_absolute_url())

    def _conflict(self, form, conflict: EditConflict):
        """Someone saved the score since this form was opened: show theirs beside this one."""
        who = conflict.who_for(self.request.user)
        messages.error(
            self.request,
            f"Not saved: {who} changed this score after you opened it. The saved score is shown "
            "with the changes marked; your score and summary are still in the form. Check them, "
            "then save again.",
        )
        self.object = self.get_object()  # as saved: the form changed the one it was given
        form.data = form.data.copy()
        form.data["version"] = conflict.current.version
        return self.render_to_response(
            self.get_context_data(form=form, conflict=conflict, conflict_by=who)
        )


class OrganisationListView(PagedFilterView):
    permission_required = "assessment.view_organisation"
    filterset_class = OrganisationFilter
    template_name = "assessment/organisation_list.html"

    def get_queryset(self):
        return (
            Organisation.objects.for_user(self.request.user)
            .annotate(assessment_count=Count("assessments"))
            .order_by("name")
        )


class OrganisationDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "assessment.view_organisation"
    model = Organisation

    def get_queryset(self):
        return Organisation.objects.for_user(self.request.user).prefetch_related(
            Prefetch("assessments", queryset=Assessment.objects.for_list())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = panels.panels_for(panels.ORGANISATION, self.request, self.object)
        return context


class OrganisationCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "assessment.add_organisation"
    model = Organisation
    form_class = OrganisationForm

    def get_permission_denied_message(self):
        return who_creates_organisations()

    def form_valid(self, form):
        messages.success(self.request, f"Organisation “{form.instance.name}” created.")
        return super().form_valid(form)


class OrganisationUpdateView(RecordUpdateView):
    permission_required = "assessment.change_organisation"
    model = Organisation
    form_class = OrganisationForm
    success_message = "Organisation saved."
    conflict_noun = "organisation"


class ComparisonView(PermissionRequiredMixin, DetailView):
    """Two assessments of one organisation side by side: scores, the change, the ratings."""

    permission_required = "assessment.view_assessment"
    model = Organisation
    template_name = "assessment/comparison.html"

    def get_queryset(self):
        return Organisation.objects.for_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ComparisonForm(
            self.request.GET or None,
            organisation=self.object,
            user=self.request.user,
            auto_id="compare_%s",
        )
        if not form.is_bound:
            # Default: the two most recent assessments, earlier first.
            latest = list(form.fields["before"].queryset.reverse()[:2])
            if len(latest) == 2:
                form = ComparisonForm(
                    {"before": latest[1].pk, "after": latest[0].pk},
                    organisation=self.object,
                    user=self.request.user,
                    auto_id="compare_%s",
                )
        if form.is_bound and form.is_valid():
            comparison = selectors.compare_assessments(
                form.cleaned_data["before"], form.cleaned_data["after"]
            )
            context["comparison"] = comparison
            # Findings by judgement, actions per statement: from the apps that hold them.
            context["panels"] = panels.panels_for(panels.COMPARISON, self.request, comparison)
        context["form"] = form
        return context

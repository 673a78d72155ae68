"""Plan pages: list, approval queue, create, edit, detail and the workflow steps."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from actions import rules, selectors, services
from actions.filters import ActionPlanFilter
from actions.forms import ActionPlanForm
from actions.models import ActionPlan, PlanTransition
from actions.step_forms import step_form
from actions.views.common import add_form_errors, error_text
from assessment.models import Assessment
from core.concurrency import EditConflict, EditConflictMixin
from core.exports import Column, ExportMixin
from core.params import id_param
from core.people import person_name
from core.views import PagedFilterView


class PlanListView(ExportMixin, PagedFilterView):
    permission_required = "actions.view_actionplan"
    filterset_class = ActionPlanFilter
    template_name = "actions/plan_list.html"
    export_name = "action-plans"
    export_title = "Action plans"
    export_columns = [
        Column("ID", "number", 8),
        Column("Organisation", width=28),
        Column("Assessment", width=28),
        Column("Plan", width=40),
        Column("Status", width=22),
        Column("Owner", width=20),
        Column("Actions", "number", 9),
        Column("Open actions", "number", 9),
        Column("Created", "datetime", 17),
        Column("Last changed", "datetime", 17),
    ]

    def get_queryset(self):
        return ActionPlan.objects.for_user(self.request.user).for_list()

    def export_rows(self, queryset):
        status = dict(ActionPlan.Status.choices)
        for plan in queryset.iterator(chunk_size=1000):
            yield (
                plan.pk,
                plan.organisation.name,
                plan.assessment.title if plan.assessment else "",
                plan.title,
                status.get(plan.status, plan.status),
                person_name(plan.owner),
                plan.action_count,
                plan.open_count,
                plan.created_at,
                plan.updated_at,
            )


class ApprovalQueueView(PermissionRequiredMixin, ListView):
    """Plans waiting for a manager, oldest submission first."""

    permission_required = "actions.approve_actionplan"
    paginate_by = settings.PAGE_SIZE
    template_name = "actions/approval_queue.html"

    def get_queryset(self):
        """The plans waiting in the organisations where the user may approve them."""
        return (
            ActionPlan.objects.for_user(self.request.user, self.permission_required)
            .awaiting_approval()
            .for_list()
            .order_by("updated_at", "pk")
        )


class PlanFormMixin:
    model = ActionPlan
    form_class = ActionPlanForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}


class PlanCreateView(PermissionRequiredMixin, PlanFormMixin, CreateView):
    permission_required = "actions.add_actionplan"

    def get_initial(self):
        initial = super().get_initial()
        if (pk := id_param(self.request.GET, "assessment")) is not None:
            assessment = Assessment.objects.for_user(self.request.user).filter(pk=pk).first()
            if assessment:
                initial |= {"assessment": assessment, "organisation": assessment.organisation_id}
        return initial

    def form_valid(self, form):
        try:
            self.object = services.create_plan(plan=form.instance, created_by=self.request.user)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Draft plan “{self.object}” created. Add its actions.")
        return HttpResponseRedirect(self.object.get_absolute_url())


class PlanUpdateView(PermissionRequiredMixin, EditConflictMixin, PlanFormMixin, UpdateView):
    permission_required = "actions.change_actionplan"
    conflict_noun = "plan"

    def get_queryset(self):
        return ActionPlan.objects.for_user(self.request.user)

    def get_object(self, queryset=None):
        plan = super().get_object(queryset)
        if refusal := rules.plan_edit_refusal(plan, self.request.user):
            raise PermissionDenied(refusal)
        return plan

    def form_valid(self, form):
        try:
            self.object = services.update_plan(
                plan=form.instance,
                user=self.request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except EditConflict as conflict:
            return self.refuse_conflict(form, conflict)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Plan saved.")
        return HttpResponseRedirect(self.object.get_absolute_url())


class PlanDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "actions.view_actionplan"
    model = ActionPlan
    actions_per_page = 50

    def get_queryset(self):
        return ActionPlan.objects.for_user(self.request.user).select_related(
            "organisation", "assessment", "owner", "created_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        paginator = Paginator(selectors.plan_actions(plan), self.actions_per_page)
        page = paginator.get_page(self.request.GET.get("page"))
        transitions = services.available_transitions(plan, user)
        counts = services.plan_action_counts(plan)
        context |= {
            "actions": page.object_list,
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": page.has_other_pages(),
            "counts": counts,
            "transitions": PlanTransition.objects.filter(plan=plan)
            .select_related("by")
            .order_by("-at", "-pk")[:50],
            "available_transitions": transitions,
            # The close button is shown disabled with these reasons (the service checks again).
            "close_problems": services.closing_problems(plan, counts)
            if any(t.name == "close" for t in transitions)
            else [],
            "can_edit": rules.can_edit_plan(plan, user),
            "can_add_action": rules.can_add_action(plan, user),
            "may_change": rules.may_change_plan(plan, user),
            # Each step with its form; one sent back with errors keeps what was typed.
            "steps": [
                (step, kwargs.get("step_forms", {}).get(step.name) or step_form(step.name))
                for step in transitions
            ],
        }
        if plan.status == ActionPlan.Status.RETURNED:
            context["return_comment"] = (
                PlanTransition.objects.filter(plan=plan, to_status=ActionPlan.Status.RETURNED)
                .select_related("by")
                .order_by("-at", "-pk")
                .first()
            )
        return context


class PlanTransitionView(PlanDetailView):
    """POST only: submit, approve, return, reopen or close. The service checks the role (403)
    and the plan's state; either way nothing changes on refusal. A step whose form has an
    error (approve not confirmed, return without a comment) comes back on the plan's page
    with the error beside its field and what was typed kept."""

    http_method_names = ["post"]

    def post(self, request, pk, name):
        plan = get_object_or_404(self.get_queryset(), pk=pk)
        if name not in services.TRANSITIONS:
            raise Http404("No such step.")
        form = step_form(name, request.POST)
        offered = any(t.name == name for t in services.available_transitions(plan, request.user))
        # A step the page does not offer is refused by the service, which says why (403, or
        # the plan's state); its form is only checked when it was offered.
        if offered and not form.is_valid():
            return self._form_again(name, form)
        try:
            plan = services.transition_plan(
                plan=plan, name=name, by=request.user, comment=form.data.get("comment", "")
            )
        except ValidationError as error:
            if offered and hasattr(error, "error_dict"):
                add_form_errors(form, error)
                return self._form_again(name, form)
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"Plan {services.TRANSITIONS[name].done}.")
        return HttpResponseRedirect(plan.get_absolute_url())

    def _form_again(self, name, form):
        """The plan's page with the step's form, its errors and what was typed."""
        messages.error(self.request, f"Not {services.TRANSITIONS[name].done}: see below.")
        self.object = self.get_object()
        return self.render_to_response(
            self.get_context_data(object=self.object, step_forms={name: form})
        )

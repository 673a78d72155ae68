"""Action plan pages. Views are thin: reads through QuerySet methods and selectors, writes through
one service each. Role checks live in the services too, so a forged POST gets the same 403."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.generic import CreateView, DetailView, ListView, UpdateView, View

from actions import selectors, services
from actions.filters import ActionFilter, ActionPlanFilter
from actions.forms import (
    ActionForm,
    ActionPlanForm,
    PlanForFindingForm,
    ProgressForm,
    ReviewForm,
    TransitionForm,
)
from actions.models import Action, ActionPlan, PlanTransition
from assessment.models import Assessment, Organisation
from assessment.views import PagedFilterView
from findings.models import Finding


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _add_form_errors(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form (field errors where they belong)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- plans -----------------------------------------------------------------------------------


class PlanListView(PagedFilterView):
    permission_required = "actions.view_actionplan"
    filterset_class = ActionPlanFilter
    template_name = "actions/plan_list.html"

    def get_queryset(self):
        return ActionPlan.objects.for_list()


class ApprovalQueueView(PermissionRequiredMixin, ListView):
    """Plans waiting for a manager, oldest submission first."""

    permission_required = "actions.approve_actionplan"
    paginate_by = settings.PAGE_SIZE
    template_name = "actions/approval_queue.html"

    def get_queryset(self):
        return ActionPlan.objects.awaiting_approval().for_list().order_by("updated_at", "pk")


class PlanCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "actions.add_actionplan"
    model = ActionPlan
    form_class = ActionPlanForm

    def get_initial(self):
        initial = super().get_initial()
        if (pk := self.request.GET.get("assessment", "")).isdigit():
            assessment = Assessment.objects.filter(pk=pk).first()
            if assessment:
                initial |= {"assessment": assessment, "organisation": assessment.organisation_id}
        return initial

    def form_valid(self, form):
        try:
            self.object = services.create_plan(plan=form.instance, created_by=self.request.user)
        except ValidationError as error:
            _add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Draft plan “{self.object}” created. Add its actions.")
        return HttpResponseRedirect(self.object.get_absolute_url())


class PlanUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "actions.change_actionplan"
    model = ActionPlan
    form_class = ActionPlanForm

    def get_object(self, queryset=None):
        plan = super().get_object(queryset)
        if not services.can_edit_plan(plan, self.request.user):
            raise PermissionDenied("This plan can no longer be edited by you.")
        return plan

    def form_valid(self, form):
        try:
            self.object = services.update_plan(plan=form.instance, user=self.request.user)
        except ValidationError as error:
            _add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Plan saved.")
        return HttpResponseRedirect(self.object.get_absolute_url())


class PlanDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "actions.view_actionplan"
    model = ActionPlan
    actions_per_page = 50

    def get_queryset(self):
        return ActionPlan.objects.select_related("organisation", "assessment", "owner")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        paginator = Paginator(selectors.plan_actions(plan), self.actions_per_page)
        page = paginator.get_page(self.request.GET.get("page"))
        complete = Q(status=Action.Status.COMPLETE)
        context |= {
            "actions": page.object_list,
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": page.has_other_pages(),
            "counts": plan.actions.aggregate(
                total=Count("pk"),
                open=Count("pk", filter=~complete),
                unreviewed=Count("pk", filter=complete & Q(review__isnull=True)),
            ),
            "transitions": PlanTransition.objects.filter(plan=plan)
            .select_related("by")
            .order_by("-at", "-pk")[:50],
            "available_transitions": services.available_transitions(plan, user),
            "can_edit": services.can_edit_plan(plan, user),
            "can_add_action": services.can_add_action(plan, user),
            "transition_form": TransitionForm(),
        }
        if plan.status == ActionPlan.Status.RETURNED:
            context["return_comment"] = (
                PlanTransition.objects.filter(plan=plan, to_status=ActionPlan.Status.RETURNED)
                .select_related("by")
                .order_by("-at", "-pk")
                .first()
            )
        return context


class PlanTransitionView(PermissionRequiredMixin, View):
    """POST only: submit, approve, return, reopen or close. The service checks the role (403)
    and the plan's state (an error message); either way nothing changes on refusal."""

    permission_required = "actions.view_actionplan"
    http_method_names = ["post"]

    def post(self, request, pk, name):
        plan = get_object_or_404(ActionPlan, pk=pk)
        if name not in services.TRANSITIONS:
            raise Http404("No such step.")
        form = TransitionForm(request.POST)
        form.is_valid()
        try:
            plan = services.transition_plan(
                plan=plan, name=name, by=request.user, comment=form.cleaned_data.get("comment", "")
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, f"Plan {services.TRANSITIONS[name].done}.")
        return HttpResponseRedirect(plan.get_absolute_url())


# --- actions ---------------------------------------------------------------------------------


class ActionForFindingView(PermissionRequiredMixin, View):
    """ "Create an action for this finding": use the one plan of the finding's assessment that
    can take it, or let the user pick a plan or start a draft one."""

    permission_required = ("actions.add_action", "findings.view_finding")
    template_name = "actions/action_for_finding.html"

    def get_finding(self):
        pk = self.request.GET.get("finding", "")
        if not pk.isdigit():
            raise PermissionDenied("Choose a finding first.")
        return get_object_or_404(
            Finding.objects.select_related("topic__assessment__organisation", "topic__statement"),
            pk=pk,
        )

    def plans(self, finding):
        statuses = list(ActionPlan.EDITABLE_STATUSES)
        if self.request.user.has_perm("actions.manage_action"):
            statuses.append(ActionPlan.Status.APPROVED)
        return (
            ActionPlan.objects.filter(assessment=finding.topic.assessment, status__in=statuses)
            .select_related("owner")
            .order_by("-updated_at", "-pk")
        )

    def create_url(self, plan, finding):
        return (
            reverse("actions:action-create", args=[plan.pk])
            + "?"
            + urlencode({"finding": finding.pk})
        )

    def get(self, request):
        finding = self.get_finding()
        plans = list(self.plans(finding))
        if len(plans) == 1 and request.GET.get("choose") != "1":
            return redirect(self.create_url(plans[0], finding))
        assessment = finding.topic.assessment
        form = PlanForFindingForm(initial={"title": f"Improvement plan: {assessment.title}"})
        return render(
            request,
            self.template_name,
            {"finding": finding, "plans": plans, "form": form, "assessment": assessment},
        )

    def post(self, request):
        finding = self.get_finding()
        form = PlanForFindingForm(request.POST)
        assessment = finding.topic.assessment
        if form.is_valid():
            plan = services.create_plan(
                plan=ActionPlan(
                    organisation=assessment.organisation,
                    assessment=assessment,
                    title=form.cleaned_data["title"],
                    owner=form.cleaned_data["owner"],
                ),
                created_by=request.user,
            )
            messages.success(request, f"Draft plan “{plan}” started.")
            return redirect(self.create_url(plan, finding))
        return render(
            request,
            self.template_name,
            {
                "finding": finding,
                "plans": list(self.plans(finding)),
                "form": form,
                "assessment": assessment,
            },
        )


class ActionFormMixin:
    model = Action
    form_class = ActionForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"plan": self.plan, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"plan": self.plan}

    def save(self, form, service):
        try:
            self.object = service(
                action=form.instance,
                user=self.request.user,
                findings=list(form.cleaned_data["findings"]),
                complaint_categories=list(form.cleaned_data["complaint_categories"]),
                complaints=form.cleaned_data["complaint_references"],
            )
        except ValidationError as error:
            _add_form_errors(form, error)
            return self.form_invalid(form)
        return None


class ActionCreateView(PermissionRequiredMixin, ActionFormMixin, CreateView):
    permission_required = "actions.add_action"

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(
            ActionPlan.objects.select_related("organisation", "assessment"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self):
        return super().has_permission() and services.can_add_action(self.plan, self.request.user)

    def follow_up_of(self):
        pk = self.request.GET.get("follow_up_of", "")
        if not pk.isdigit():
            return None
        return Action.objects.filter(pk=pk, plan=self.plan).first()

    def get_initial(self):
        initial = super().get_initial()
        finding = self.request.GET.get("finding", "")
        if finding.isdigit() and self.plan.assessment_id:
            initial["findings"] = Finding.objects.filter(
                pk=finding, topic__assessment_id=self.plan.assessment_id
            )
        if original := self.follow_up_of():
            initial |= {
                "title": f"Follow-up: {original.title}"[:200],
                "success_measure": original.success_measure,
                "priority": original.priority,
                "findings": original.findings.all(),
                "complaint_categories": original.complaint_categories.all(),
            }
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        finding = self.request.GET.get("finding", "")
        if finding.isdigit() and self.plan.assessment_id:
            context["from_finding"] = Finding.objects.filter(
                pk=finding, topic__assessment_id=self.plan.assessment_id
            ).first()
        context["follow_up_of"] = self.follow_up_of()
        return context

    def form_valid(self, form):
        form.instance.plan = self.plan
        form.instance.follow_up_of = self.follow_up_of()
        if not self.request.user.has_perm("actions.manage_action"):
            form.instance.owner = self.request.user
        if response := self.save(form, services.create_action):
            return response
        messages.success(self.request, f"Action “{self.object}” added to “{self.plan}”.")
        return HttpResponseRedirect(self.plan.get_absolute_url())


class ActionUpdateView(PermissionRequiredMixin, ActionFormMixin, UpdateView):
    permission_required = "actions.change_action"

    def get_queryset(self):
        return Action.objects.select_related("plan__organisation", "plan__assessment")

    def get_object(self, queryset=None):
        action = super().get_object(queryset)
        if not services.can_edit_action(action, self.request.user):
            raise PermissionDenied("You may not edit this action now.")
        self.plan = action.plan
        return action

    def form_valid(self, form):
        if response := self.save(form, services.update_action):
            return response
        messages.success(self.request, "Action saved.")
        return HttpResponseRedirect(self.object.get_absolute_url())


class ActionDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "actions.view_action"
    model = Action
    template_name = "actions/action_detail.html"

    def get_queryset(self):
        return (
            Action.objects.select_related(
                "plan__organisation",
                "plan__assessment",
                "owner",
                "created_by",
                "follow_up_of",
                "review__reviewer",
            )
            .prefetch_related("complaint_categories", "complaints")
            .with_rag()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action, user = self.object, self.request.user
        updates = Paginator(
            action.updates.select_related("author").order_by("-date", "-pk"), settings.PAGE_SIZE
        ).get_page(self.request.GET.get("page"))
        review = getattr(action, "review", None) if action.is_complete else None
        plan_approved = action.plan.status == ActionPlan.Status.APPROVED
        context |= {
            "plan": action.plan,
            "findings": action.findings.select_related("topic__statement").order_by("pk"),
            "follow_ups": action.follow_ups.select_related("owner").with_rag(),
            "updates": updates,
            "page_obj": updates,
            "paginator": updates.paginator,
            "is_paginated": updates.has_other_pages(),
            "review": review,
            "can_edit": services.can_edit_action(action, user),
            "can_post_progress": plan_approved
            and not action.is_complete
            and services.can_post_progress(action, user),
            "can_review": action.is_complete
            and review is None
            and user.has_perm("actions.review_action"),
        }
        if context["can_post_progress"] and "progress_form" not in context:
            context["progress_form"] = self.progress_form()
        if context["can_review"] and "review_form" not in context:
            context["review_form"] = self.review_form()
        return context

    def progress_form(self, data=None):
        form = ProgressForm(data, action=self.object)
        form.helper.form_action = reverse("actions:action-progress", args=[self.object.pk])
        return form

    def review_form(self, data=None):
        form = ReviewForm(data, action=self.object)
        form.helper.form_action = reverse("actions:action-review", args=[self.object.pk])
        return form


class ActionProgressView(ActionDetailView):
    """POST a progress update; the service refuses non-owners (403) and invalid moves."""

    permission_required = "actions.add_progressupdate"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = action = self.get_object()
        form = self.progress_form(request.POST)
        if form.is_valid():
            try:
                update = services.post_progress(
                    action=action,
                    author=request.user,
                    text=form.cleaned_data["text"],
                    status=form.cleaned_data["status_to"],
                    percent=form.cleaned_data["percent"],
                    date=form.cleaned_data["date"],
                )
            except ValidationError as error:
                _add_form_errors(form, error)
            else:
                done = (
                    f" Status now: {update.get_status_to_display().lower()}."
                    if update.status_to
                    else ""
                )
                messages.success(request, f"Update posted.{done}")
                return HttpResponseRedirect(action.get_absolute_url())
        messages.error(request, "The update was not posted: correct the errors below.")
        context = self.get_context_data(progress_form=form)
        context["can_post_progress"] = services.can_post_progress(action, request.user)
        return self.render_to_response(context)


class ActionReviewView(ActionDetailView):
    permission_required = "actions.review_action"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = action = self.get_object()
        form = self.review_form(request.POST)
        if form.is_valid():
            try:
                review = services.record_review(
                    action=action,
                    reviewer=request.user,
                    outcome=form.cleaned_data["outcome"],
                    evidence=form.cleaned_data["evidence"],
                    date=form.cleaned_data["date"],
                    follow_up=form.follow_up(),
                )
            except ValidationError as error:
                _add_form_errors(form, error)
            else:
                text = f"Review recorded: {review.get_outcome_display().lower()}."
                if form.follow_up() is not None:
                    text += " A follow-up action was added to the plan."
                elif review.needs_follow_up:
                    text += " Consider adding a follow-up action."
                messages.success(request, text)
                return HttpResponseRedirect(action.get_absolute_url())
        messages.error(request, "The review was not recorded: correct the errors below.")
        return self.render_to_response(self.get_context_data(review_form=form))


# --- action lists ----------------------------------------------------------------------------


class ActionListView(PagedFilterView):
    """Every action, filterable (the dashboard's figures link here with their filter)."""

    permission_required = "actions.view_action"
    filterset_class = ActionFilter
    template_name = "actions/action_list.html"
    heading = "All actions"
    intro = ""

    def get_queryset(self):
        return Action.objects.for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"heading": self.heading, "intro": self.intro}


class MyActionsView(ActionListView):
    heading = "My actions"
    intro = "Actions you own, soonest due first."

    def get_queryset(self):
        return super().get_queryset().filter(owner=self.request.user)


class OverdueActionsView(ActionListView):
    heading = "Overdue actions"
    intro = "Open actions whose due date has passed."

    def get_queryset(self):
        return super().get_queryset().overdue()


class DueSoonActionsView(ActionListView):
    heading = "Actions due soon"
    intro = f"Open actions due in the next {selectors.AMBER_DAYS} days."

    def get_queryset(self):
        return super().get_queryset().due_within(selectors.AMBER_DAYS)


class UnansweredShortfallsView(PermissionRequiredMixin, ListView):
    """Shortfall findings that no action answers, optionally for one assessment."""

    permission_required = ("actions.view_action", "findings.view_finding")
    paginate_by = settings.PAGE_SIZE
    template_name = "actions/unanswered_shortfalls.html"

    def get_queryset(self):
        findings = selectors.unanswered_shortfalls().select_related(
            "topic__assessment__organisation", "topic__statement"
        )
        self.assessment = None
        if (pk := self.request.GET.get("assessment", "")).isdigit():
            self.assessment = get_object_or_404(Assessment, pk=pk)
            findings = findings.filter(topic__assessment=self.assessment)
        return findings.order_by(
            "topic__assessment_id", "topic__statement__order", "topic__order", "order", "pk"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"assessment": self.assessment}


class YouSaidWeDidView(PermissionRequiredMixin, DetailView):
    """Printable: what people and inspectors told the organisation, and what it did."""

    permission_required = "actions.view_action"
    model = Organisation
    template_name = "actions/you_said_we_did.html"
    context_object_name = "organisation"

    def get_context_data(self, **kwargs):
        return (
            super().get_context_data(**kwargs)
            | selectors.you_said_we_did(self.object)
            | {"today": timezone.localdate()}
        )

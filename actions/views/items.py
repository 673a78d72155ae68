"""Action pages: create (also from a finding), edit, detail, progress and review."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import CreateView, DetailView, UpdateView, View

from actions import rules, services
from actions.forms import (
    ActionForm,
    PlanForFindingForm,
    ProgressForm,
    ReviewForm,
)
from actions.models import Action, ActionPlan, ProgressUpdate
from actions.step_forms import VerifyForm
from actions.views.common import add_form_errors
from core.concurrency import EditConflict, EditConflictMixin
from core.params import id_param
from core.uploads import stored_file_response
from findings.models import Finding


class ActionForFindingView(PermissionRequiredMixin, View):
    """ "Create an action for this finding": use the one plan of the finding's assessment that
    can take it, or let the user pick a plan or start a draft one."""

    permission_required = ("actions.add_action", "findings.view_finding")
    template_name = "actions/action_for_finding.html"

    def get_finding(self):
        pk = id_param(self.request.GET, "finding")
        if pk is None:
            raise PermissionDenied("Choose a finding first.")
        return get_object_or_404(
            Finding.objects.for_user(self.request.user).select_related(
                "topic__assessment__organisation", "topic__statement"
            ),
            pk=pk,
        )

    def plans(self, finding):
        """The assessment's plans this user may add an action to (an assessment has few)."""
        plans = (
            ActionPlan.objects.filter(assessment=finding.topic.assessment)
            .accepting_actions()
            .select_related("owner")
            .order_by("-updated_at", "-pk")
        )
        return [plan for plan in plans if rules.can_add_action(plan, self.request.user)]

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
        form = PlanForFindingForm(
            initial={"title": f"Improvement plan: {assessment.title}"},
            organisation=assessment.organisation,
        )
        return render(
            request,
            self.template_name,
            {"finding": finding, "plans": plans, "form": form, "assessment": assessment},
        )

    def post(self, request):
        finding = self.get_finding()
        assessment = finding.topic.assessment
        form = PlanForFindingForm(request.POST, organisation=assessment.organisation)
        if form.is_valid():
            try:
                plan = services.create_plan(
                    plan=ActionPlan(
                        organisation=assessment.organisation,
                        assessment=assessment,
                        title=form.cleaned_data["title"],
                        owner=form.cleaned_data["owner"],
                    ),
                    created_by=request.user,
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
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


class ActionFormMixin(EditConflictMixin):
    model = Action
    form_class = ActionForm
    conflict_noun = "action"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"plan": self.plan, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"plan": self.plan}

    def save(self, form, service, **extra):
        try:
            self.object = service(
                action=form.instance,
                user=self.request.user,
                findings=list(form.cleaned_data["findings"]),
                complaint_categories=list(form.cleaned_data["complaint_categories"]),
                complaints=form.cleaned_data["complaint_references"],
                **extra,
            )
        except EditConflict as conflict:
            return self.refuse_conflict(form, conflict)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        return None


class ActionCreateView(PermissionRequiredMixin, ActionFormMixin, CreateView):
    permission_required = "actions.add_action"

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(
            ActionPlan.objects.for_user(request.user).select_related("organisation", "assessment"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self):
        if not super().has_permission():
            return False
        if refusal := rules.plan_edit_refusal(self.plan, self.request.user):
            self.permission_denied_message = refusal
            return False
        return True

    def follow_up_of(self):
        pk = id_param(self.request.GET, "follow_up_of")
        if pk is None:
            return None
        return Action.objects.filter(pk=pk, plan=self.plan).first()

    def get_initial(self):
        initial = super().get_initial()
        finding = id_param(self.request.GET, "finding")
        if finding is not None and self.plan.assessment_id:
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
        finding = id_param(self.request.GET, "finding")
        if finding is not None and self.plan.assessment_id:
            context["from_finding"] = Finding.objects.filter(
                pk=finding, topic__assessment_id=self.plan.assessment_id
            ).first()
        context["follow_up_of"] = self.follow_up_of()
        return context

    def form_valid(self, form):
        form.instance.plan = self.plan
        form.instance.follow_up_of = self.follow_up_of()
        if not rules.manages(self.plan, self.request.user):
            form.instance.owner = self.request.user
        if response := self.save(form, services.create_action):
            return response
        messages.success(self.request, f"Action “{self.object}” added to “{self.plan}”.")
        return HttpResponseRedirect(self.plan.get_absolute_url())


class ActionUpdateView(PermissionRequiredMixin, ActionFormMixin, UpdateView):
    permission_required = "actions.change_action"

    def get_queryset(self):
        return Action.objects.for_user(self.request.user).select_related(
            "plan__organisation", "plan__assessment"
        )

    def get_object(self, queryset=None):
        action = super().get_object(queryset)
        if refusal := rules.action_edit_refusal(action, self.request.user):
            raise PermissionDenied(refusal)
        self.plan = action.plan
        return action

    def form_valid(self, form):
        expected = form.cleaned_data.get("version")
        if response := self.save(form, services.update_action, expected_version=expected):
            return response
        messages.success(self.request, "Action saved.")
        return HttpResponseRedirect(self.object.get_absolute_url())


class ActionDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "actions.view_action"
    model = Action
    template_name = "actions/action_detail.html"

    def get_queryset(self):
        return (
            Action.objects.for_user(self.request.user)
            .select_related(
                "plan__organisation",
                "plan__assessment",
                "owner",
                "created_by",
                "follow_up_of",
                "review__reviewer",
            )
            .select_related("verified_by")
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
            "can_edit": rules.can_edit_action(action, user),
            "can_add_follow_up": plan_approved and rules.manages(action, user),
            "can_post_progress": plan_approved
            and not action.is_complete
            and services.can_post_progress(action, user),
            # A manager confirms it was done ("verified complete"), then reviews its effect.
            "can_verify": action.is_complete
            and not action.is_verified
            and user.has_perm("actions.review_action", action),
            "can_review": action.is_complete
            and action.is_verified
            and review is None
            and user.has_perm("actions.review_action", action),
        }
        if context["can_post_progress"] and "progress_form" not in context:
            context["progress_form"] = self.progress_form()
        if context["can_verify"] and "verify_form" not in context:
            context["verify_form"] = self.verify_form()
        if context["can_review"] and "review_form" not in context:
            context["review_form"] = self.review_form()
        return context

    def verify_form(self, data=None):
        form = VerifyForm(data)
        form.helper.form_action = reverse("actions:action-verify", args=[self.object.pk])
        return form

    def progress_form(self, data=None, files=None):
        form = ProgressForm(data, files, action=self.object)
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
        form = self.progress_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                update = services.post_progress(
                    action=action,
                    author=request.user,
                    text=form.cleaned_data["text"],
                    status=form.cleaned_data["status_to"],
                    percent=form.cleaned_data["percent"],
                    date=form.cleaned_data["date"],
                    evidence_file=form.cleaned_data.get("evidence_file") or None,
                    evidence_url=form.cleaned_data.get("evidence_url") or "",
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                done = f" Status now: {update.get_status_to_display()}." if update.status_to else ""
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
                    no_follow_up_reason=form.cleaned_data.get("no_follow_up_reason", ""),
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                text = f"Review recorded: {review.get_outcome_display()}."
                if form.follow_up() is not None:
                    text += " A follow-up action was added to the plan."
                elif review.no_follow_up_reason:
                    text += " No follow-up: the reason is recorded with the review."
                messages.success(request, text)
                return HttpResponseRedirect(action.get_absolute_url())
        messages.error(request, "The review was not recorded: correct the errors below.")
        return self.render_to_response(self.get_context_data(review_form=form))


class ActionVerifyView(ActionDetailView):
    """POST: a manager confirms the completed action is verified complete (the service refuses
    others with 403, and an action not complete or already verified with a message)."""

    permission_required = "actions.review_action"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = action = self.get_object()
        form = self.verify_form(request.POST)
        if form.is_valid():
            try:
                services.verify_completion(
                    action=action, user=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, "Verified complete. Its effectiveness review can now be recorded."
                )
        return HttpResponseRedirect(action.get_absolute_url())


class ProgressEvidenceView(PermissionRequiredMixin, View):
    """The file attached to a progress update, to those who may see the action's progress;
    never as public media."""

    permission_required = "actions.view_progressupdate"

    def get(self, request, pk):
        update = get_object_or_404(ProgressUpdate.objects.for_user(request.user), pk=pk)
        if not update.evidence_file:
            raise Http404("This update has no file.")
        return stored_file_response(
            update.evidence_file,
            filename=update.evidence_filename or f"evidence{update.evidence_file.name[-5:]}",
            content_type=update.evidence_content_type,
        )

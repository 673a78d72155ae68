""" "You said, we did" pages that are not the organisation's page itself (actions.views.lists):
its PDF, the public wording of a review and its approval, the officers' queue of reviews
needing wording, and the feedback sources with their own page and PDF.

Reads go through `Model.objects.for_user(user)` (another organisation's object is a 404);
writes through one service each (actions.services.public), which checks the role again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from actions import selectors
from actions.models import EffectivenessReview, FeedbackSource, PublicWording
from actions.public_forms import (
    FeedbackSourceFilter,
    FeedbackSourceForm,
    PublicWordingForm,
    WordingQueueFilter,
)
from actions.public_pdf import PERMISSION as PDF_PERMISSION
from actions.public_pdf import public_document
from actions.services import public as services
from actions.views.common import add_form_errors, error_text
from assessment.models import Organisation
from core.params import id_param
from core.views import PagedFilterView
from jobs.documents import serve_or_build


class YouSaidWeDidPdfView(PermissionRequiredMixin, View):
    """The organisation's "You said, we did" as a PDF: approved wording only."""

    permission_required = PDF_PERMISSION

    def get(self, request, pk):
        organisation = get_object_or_404(
            Organisation.objects.for_user(request.user, self.permission_required), pk=pk
        )
        return serve_or_build(request, public_document(organisation))


# --- public wording ------------------------------------------------------------------------


class WordingQueueView(PagedFilterView):
    """Reviews whose action answers what people or inspectors said, still needing public
    wording or a manager's approval (the filter also lists the published ones)."""

    permission_required = "actions.change_publicwording"
    filterset_class = WordingQueueFilter
    template_name = "actions/public_wording_queue.html"

    def get_queryset(self):
        return selectors.wording_queue(self.request.user)


def _review(user, pk: int) -> EffectivenessReview:
    reviews = EffectivenessReview.objects.for_user(user).select_related(
        "action__plan__organisation", "reviewer", "public_wording__approved_by"
    )
    return get_object_or_404(reviews, pk=pk)


def _wording(review: EffectivenessReview) -> PublicWording | None:
    return getattr(review, "public_wording", None)


class PublicWordingView(PermissionRequiredMixin, FormView):
    """Write or edit a review's public wording (officers); a manager approves it here too."""

    permission_required = "actions.add_publicwording"
    form_class = PublicWordingForm
    template_name = "actions/public_wording.html"

    @cached_property
    def review(self) -> EffectivenessReview:
        # Read after the role check (PermissionRequiredMixin): no role is a 403, not a 404.
        return _review(self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return kwargs | {"review": self.review, "instance": _wording(self.review)}

    def get_context_data(self, **kwargs):
        review, user = self.review, self.request.user
        wording = _wording(review)
        return super().get_context_data(**kwargs) | {
            "review": review,
            "action": review.action,
            "organisation": review.action.plan.organisation,
            "wording": wording,
            "follow_ups": review.action.follow_ups.order_by("due_date", "pk"),
            "can_approve": wording is not None
            and not wording.is_approved
            and user.has_perm("actions.approve_publicwording", review),
            "can_withdraw": wording is not None
            and wording.is_approved
            and user.has_perm("actions.approve_publicwording", review),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.save_public_wording(
                review=self.review,
                user=self.request.user,
                you_said=data["you_said"],
                we_did=data["we_did"],
                what_changed=data["what_changed"],
                next_steps=data["next_steps"],
                sources=data["sources"],
                expected_version=data.get("version"),
            )
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Wording saved. It is shown once a manager of the organisation approves it.",
        )
        return HttpResponseRedirect(self.request.path)


class PublicWordingApproveView(PermissionRequiredMixin, View):
    """POST only: a manager of the review's organisation approves the wording they read."""

    permission_required = "actions.approve_publicwording"
    http_method_names = ["post"]

    def post(self, request, pk):
        review = _review(request.user, pk)
        try:
            services.approve_public_wording(
                review=review,
                user=request.user,
                expected_version=id_param(request.POST, "version"),
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "Approved: “You said, we did” now shows this wording.")
        return HttpResponseRedirect(reverse("actions:public-wording", args=[review.pk]))


class PublicWordingWithdrawView(PermissionRequiredMixin, View):
    """POST only: a manager takes approved wording off the public pages (back to draft)."""

    permission_required = "actions.approve_publicwording"
    http_method_names = ["post"]

    def post(self, request, pk):
        review = _review(request.user, pk)
        try:
            services.withdraw_public_wording(
                review=review,
                user=request.user,
                expected_version=id_param(request.POST, "version"),
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                "Withdrawn: “You said, we did” no longer shows this entry. The wording is "
                "kept as a draft; approve it again to publish it.",
            )
        return HttpResponseRedirect(reverse("actions:public-wording", args=[review.pk]))


# --- feedback sources --------------------------------------------------------------------


class FeedbackSourceListView(PagedFilterView):
    permission_required = "actions.view_feedbacksource"
    filterset_class = FeedbackSourceFilter
    template_name = "actions/feedbacksource_list.html"

    def get_queryset(self):
        return (
            FeedbackSource.objects.for_user(self.request.user)
            .select_related("organisation")
            .annotate(
                published=Count(
                    "wordings", filter=Q(wordings__status=PublicWording.Status.APPROVED)
                )
            )
            .order_by("organisation__name", "name", "pk")
        )


class FeedbackSourceFormMixin:
    model = FeedbackSource
    form_class = FeedbackSourceForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def form_valid(self, form):
        try:
            self.object = services.save_feedback_source(
                source=form.instance, user=self.request.user
            )
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Feedback source “{self.object}” saved.")
        return HttpResponseRedirect(self.object.get_absolute_url())


class FeedbackSourceCreateView(PermissionRequiredMixin, FeedbackSourceFormMixin, CreateView):
    permission_required = "actions.add_feedbacksource"

    def get_initial(self):
        return super().get_initial() | {"organisation": id_param(self.request.GET, "organisation")}


class FeedbackSourceUpdateView(PermissionRequiredMixin, FeedbackSourceFormMixin, UpdateView):
    permission_required = "actions.change_feedbacksource"

    def get_queryset(self):
        return FeedbackSource.objects.for_user(self.request.user).select_related("organisation")


class FeedbackSourceDetailView(PermissionRequiredMixin, DetailView):
    """What people said through this source and what changed: to tell its members outcomes."""

    permission_required = "actions.view_feedbacksource"
    context_object_name = "source"

    def get_queryset(self):
        return FeedbackSource.objects.for_user(self.request.user).select_related("organisation")

    def get_context_data(self, **kwargs):
        return (
            super().get_context_data(**kwargs)
            | selectors.source_outcomes(self.object)
            | {"organisation": self.object.organisation, "today": timezone.localdate()}
        )


class FeedbackSourcePdfView(PermissionRequiredMixin, View):
    permission_required = PDF_PERMISSION

    def get(self, request, pk):
        sources = FeedbackSource.objects.for_user(request.user).select_related("organisation")
        source = get_object_or_404(sources, pk=pk)
        return serve_or_build(request, public_document(source.organisation, source))

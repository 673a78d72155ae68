"""Safeguarding Adults Reviews and their recommendations: read by the organisation's members,
recorded by its managers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, UpdateView

from core.params import id_param
from core.views import ObjectPermissionMixin, PagedFilterView
from learning.forms import RecommendationForm, ReviewFilter, ReviewForm
from learning.models import LearningBrief, SafeguardingAdultsReview, SARRecommendation
from learning.services.reviews import save_recommendation, save_review
from learning.views.common import add_form_errors


class ReviewListView(PagedFilterView):
    permission_required = "learning.view_safeguardingadultsreview"
    filterset_class = ReviewFilter
    template_name = "learning/review_list.html"

    def get_queryset(self):
        closed = Q(recommendations__status=SARRecommendation.Status.CLOSED)
        return (
            SafeguardingAdultsReview.objects.for_user(self.request.user)
            .select_related("organisation")
            .annotate(
                recommendation_count=Count("recommendations"),
                closed_count=Count("recommendations", filter=closed),
            )
            .order_by("-published", "-pk")
        )


class ReviewFormMixin:
    model = SafeguardingAdultsReview
    form_class = ReviewForm
    template_name = "learning/review_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def form_valid(self, form):
        try:
            self.object = save_review(review=form.instance, user=self.request.user)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Review “{self.object}” saved.")
        return HttpResponseRedirect(self.object.get_absolute_url())


class ReviewCreateView(PermissionRequiredMixin, ReviewFormMixin, CreateView):
    permission_required = "learning.add_safeguardingadultsreview"

    def get_initial(self):
        return super().get_initial() | {"organisation": id_param(self.request.GET, "organisation")}


class ReviewUpdateView(PermissionRequiredMixin, ObjectPermissionMixin, ReviewFormMixin, UpdateView):
    permission_required = "learning.change_safeguardingadultsreview"

    def get_queryset(self):
        return SafeguardingAdultsReview.objects.for_user(self.request.user)


class ReviewDetailView(PermissionRequiredMixin, DetailView):
    """The review, and each recommendation with its owner, status and the briefs it raised
    (each checked or not)."""

    permission_required = "learning.view_safeguardingadultsreview"
    context_object_name = "review"
    template_name = "learning/review_detail.html"

    def get_queryset(self):
        briefs = LearningBrief.objects.annotate(check_count=Count("checks")).order_by("pk")
        recommendations = SARRecommendation.objects.select_related("owner").prefetch_related(
            Prefetch("briefs", queryset=briefs)
        )
        return (
            SafeguardingAdultsReview.objects.for_user(self.request.user)
            .select_related("organisation")
            .prefetch_related(Prefetch("recommendations", queryset=recommendations))
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(**kwargs) | {
            "organisation": self.object.organisation,
            "can_change": user.has_perm("learning.change_safeguardingadultsreview", self.object),
            "can_add_recommendation": user.has_perm("learning.add_sarrecommendation", self.object),
            "can_draft": user.has_perm("learning.add_learningbrief", self.object),
        }


class RecommendationFormMixin:
    model = SARRecommendation
    form_class = RecommendationForm
    template_name = "learning/recommendation_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"review": self.review}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"review": self.review}

    def form_valid(self, form):
        try:
            self.object = save_recommendation(recommendation=form.instance, user=self.request.user)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Recommendation {self.object.number} saved.")
        return HttpResponseRedirect(self.object.get_absolute_url())


class RecommendationCreateView(PermissionRequiredMixin, RecommendationFormMixin, CreateView):
    permission_required = "learning.add_sarrecommendation"

    @cached_property
    def review(self) -> SafeguardingAdultsReview:
        reviews = SafeguardingAdultsReview.objects.for_user(self.request.user)
        return get_object_or_404(reviews.select_related("organisation"), pk=self.kwargs["pk"])

    def get_initial(self):
        return super().get_initial() | {"number": self.review.recommendations.count() + 1}


class RecommendationUpdateView(
    PermissionRequiredMixin, ObjectPermissionMixin, RecommendationFormMixin, UpdateView
):
    permission_required = "learning.change_sarrecommendation"

    def get_queryset(self):
        return SARRecommendation.objects.for_user(self.request.user).select_related(
            "review__organisation"
        )

    @property
    def review(self) -> SafeguardingAdultsReview:
        return self.object.review

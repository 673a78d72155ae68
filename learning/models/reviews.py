"""Safeguarding Adults Reviews (SARs) and their recommendations: a source of learning.

A SAR is published by a safeguarding adults board; each recommendation has an owner in the
organisation and a status. A recommendation is closed only when every brief raised from it has
been checked for effect (learning.services.reviews)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessment.models import Organisation
from assessment.tenancy import ScopedQuerySet
from core.validators import not_in_future


class ReviewQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"


class SafeguardingAdultsReview(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="safeguarding_reviews"
    )
    title = models.CharField(max_length=200, help_text="As published, e.g. “SAR: Adult A”.")
    board = models.CharField(
        max_length=200,
        verbose_name="safeguarding adults board",
        help_text="The board that commissioned and published it.",
    )
    published = models.DateField(verbose_name="date published", validators=[not_in_future])
    summary = models.TextField(help_text="What happened and what the review found.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-pk"]
        verbose_name = "safeguarding adults review"
        indexes = [models.Index(fields=["organisation", "published"], name="learning_sar_org_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:review-detail", args=[self.pk])


class RecommendationQuerySet(ScopedQuerySet):
    organisation_lookup = "review__organisation"


class SARRecommendation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        CLOSED = "closed", "Closed"

    review = models.ForeignKey(
        SafeguardingAdultsReview, on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField(
        help_text="Its number in the published review (1, 2, 3...)."
    )
    text = models.TextField(verbose_name="recommendation")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sar_recommendations",
        help_text="A member of the organisation who sees it through.",
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "number", "pk"]
        verbose_name = "SAR recommendation"
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"],
                name="learning_recommendation_unique_number",
                violation_error_message="This review already has a recommendation of this number.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress", "closed"]),
                name="learning_recommendation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review.title}: recommendation {self.number}"

    def get_absolute_url(self) -> str:
        return f"{self.review.get_absolute_url()}#recommendation-{self.pk}"

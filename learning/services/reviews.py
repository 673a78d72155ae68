"""Writes of Safeguarding Adults Reviews and their recommendations (managers). A
recommendation is closed only when every brief raised from it has been checked for effect."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessment.tenancy import members_of, require_perm
from core.concurrency import refuse_duplicates
from core.history import save_if_changed
from learning.models import LearningBrief, SafeguardingAdultsReview, SARRecommendation

OWNER_NOT_MEMBER = "Choose an active member of the review's organisation as the owner."
UNCHECKED_BRIEFS = (
    "This recommendation cannot be closed yet: its briefs %(titles)s have not been checked "
    "for effect. Record a check on each first."
)


@transaction.atomic
def save_review(*, review: SafeguardingAdultsReview, user) -> SafeguardingAdultsReview:
    """Record a SAR for its organisation, or save edits to one (never moving it)."""
    stored = None
    if review.pk is None:
        require_perm(
            user,
            "learning.add_safeguardingadultsreview",
            review.organisation if review.organisation_id else None,
            "You may not record reviews for this organisation.",
        )
        review.created_by = user
    else:
        stored = SafeguardingAdultsReview.objects.select_for_update().get(pk=review.pk)
        require_perm(
            user,
            "learning.change_safeguardingadultsreview",
            stored,
            "You may not change this review.",
        )
        review.organisation_id = stored.organisation_id
    for name in ("title", "board", "summary"):
        setattr(review, name, (getattr(review, name) or "").strip())
    review.full_clean()
    if stored is None:
        review.save()
    else:
        save_if_changed(review, stored)
    return review


def unchecked_briefs(recommendation: SARRecommendation) -> list[LearningBrief]:
    """The briefs raised from the recommendation with no check for effect yet."""
    return list(LearningBrief.objects.filter(recommendation=recommendation).unchecked())


def validate_status(recommendation: SARRecommendation, status: str) -> None:
    """Closing is refused while any of its briefs is unchecked (the form calls this too)."""
    if status != SARRecommendation.Status.CLOSED or recommendation.pk is None:
        return
    waiting = unchecked_briefs(recommendation)
    if waiting:
        titles = ", ".join(f"“{brief.title}”" for brief in waiting)
        raise ValidationError(
            {"status": UNCHECKED_BRIEFS % {"titles": titles}}, code="unchecked_briefs"
        )


@transaction.atomic
def save_recommendation(*, recommendation: SARRecommendation, user) -> SARRecommendation:
    """Add a recommendation to its review, or save edits (text, owner, status) to one. Its
    owner is a member of the review's organisation; closing it needs its briefs checked."""
    review = SafeguardingAdultsReview.objects.select_for_update().get(pk=recommendation.review_id)
    stored = None
    if recommendation.pk is None:
        require_perm(
            user, "learning.add_sarrecommendation", review, "You may not add recommendations."
        )
    else:
        stored = SARRecommendation.objects.select_for_update().get(pk=recommendation.pk)
        require_perm(
            user,
            "learning.change_sarrecommendation",
            stored,
            "You may not change this recommendation.",
        )
        recommendation.review_id = stored.review_id
    recommendation.text = (recommendation.text or "").strip()
    recommendation.full_clean()
    if not members_of(review.organisation).filter(pk=recommendation.owner_id).exists():
        raise ValidationError({"owner": OWNER_NOT_MEMBER}, code="owner_not_member")
    validate_status(recommendation, recommendation.status)
    closing = recommendation.status == SARRecommendation.Status.CLOSED
    if closing and (stored is None or stored.status != SARRecommendation.Status.CLOSED):
        recommendation.closed_at = timezone.now()
    elif not closing:
        recommendation.closed_at = None
    with refuse_duplicates(recommendation.full_clean):
        if stored is None:
            recommendation.save()
        else:
            save_if_changed(recommendation, stored)
    return recommendation

"""Effectiveness reviews of completed actions, with the follow-up a partial one needs."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import Action, EffectivenessReview
from actions.services.items import create_follow_up

NOT_VERIFIED = (
    "Confirm the action is verified complete (check the evidence that it was done) before "
    "reviewing whether it worked."
)
FOLLOW_UP_NOT_NEEDED = "A follow-up is only created when the action was not (fully) effective."
FOLLOW_UP_AND_REASON = "Either add a follow-up or give a reason for none, not both."
FOLLOW_UP_OR_REASON = (
    "The action was not fully effective: add a follow-up action (title, owner, due date) or "
    "say why no follow-up is needed."
)


def validate_review(
    *, action: Action, outcome: str, follow_up: bool, no_follow_up_reason: str
) -> None:
    """The follow-up rules of a review, for the review form and record_review alike: an
    effective action takes no follow-up; a partly or not effective one needs a follow-up
    (`follow_up`: one is given) or a reason why none is needed, not both, unless it already
    has a follow-up. Raises ValidationError keyed by the review form's fields."""
    needs_follow_up = EffectivenessReview(outcome=outcome).needs_follow_up
    reason = (no_follow_up_reason or "").strip()
    if follow_up and not needs_follow_up:
        raise ValidationError(
            {"follow_up_title": FOLLOW_UP_NOT_NEEDED}, code="follow_up_not_needed"
        )
    if not needs_follow_up:
        return
    if follow_up and reason:
        raise ValidationError({"no_follow_up_reason": FOLLOW_UP_AND_REASON}, code="both")
    if not follow_up and not reason and not action.follow_ups.exists():
        raise ValidationError(
            {"no_follow_up_reason": FOLLOW_UP_OR_REASON}, code="follow_up_or_reason"
        )


@transaction.atomic
def verify_completion(*, action: Action, user, note: str = "") -> Action:
    """A manager confirms a completed action was done ("verified complete"), saying what they
    checked, before anyone reviews whether it worked. Recorded with who and when (the
    action's history keeps it too)."""
    action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    if not user.has_perm("actions.review_action", action):
        raise PermissionDenied("Only a manager may confirm that an action is verified complete.")
    if not action.is_complete:
        raise ValidationError(
            "Only a completed action can be verified complete.", code="not_complete"
        )
    if action.is_verified:
        raise ValidationError(
            "This action has already been verified complete.", code="already_verified"
        )
    action.verified_by = user
    action.verified_at = timezone.now()
    action.verification_note = (note or "").strip()
    action.full_clean()
    action.save(update_fields=["verified_by", "verified_at", "verification_note", "updated_at"])
    return action


@transaction.atomic
def record_review(
    *,
    action: Action,
    reviewer,
    outcome: str,
    evidence: str,
    date: datetime.date | None = None,
    follow_up: Action | None = None,
    no_follow_up_reason: str = "",
) -> EffectivenessReview:
    """Record whether a completed action worked (see validate_review for the follow-up it
    needs). A follow-up is an unsaved action of the same plan, created in the same
    transaction."""
    action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    if not reviewer.has_perm("actions.review_action", action):
        raise PermissionDenied("Only a manager may record effectiveness reviews.")
    if not action.is_complete:
        raise ValidationError(
            "Only a completed action can be reviewed for effect.", code="not_complete"
        )
    if EffectivenessReview.objects.filter(action=action).exists():
        raise ValidationError("This action has already been reviewed.", code="already_reviewed")
    if not action.is_verified:
        raise ValidationError(NOT_VERIFIED, code="not_verified")
    validate_review(
        action=action,
        outcome=outcome,
        follow_up=follow_up is not None,
        no_follow_up_reason=no_follow_up_reason,
    )
    review = EffectivenessReview(
        action=action,
        reviewer=reviewer,
        outcome=outcome,
        evidence=(evidence or "").strip(),
        no_follow_up_reason=(no_follow_up_reason or "").strip(),
        date=date or timezone.localdate(),
    )
    if not review.needs_follow_up:
        review.no_follow_up_reason = ""  # a reason for no follow-up means nothing here
    review.full_clean()
    review.save()
    if follow_up is not None:
        create_follow_up(original=action, follow_up=follow_up, user=reviewer)
    return review

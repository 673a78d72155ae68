"""Writes for "You said, we did": feedback sources, and the public wording of effectiveness
reviews with its approval by a manager of the organisation."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import EffectivenessReview, FeedbackSource, PublicWording
from assessment.tenancy import require_perm
from core.concurrency import refuse_duplicates
from core.history import save_if_changed

WORDING_FIELDS = ("you_said", "we_did", "what_changed", "next_steps")
REQUIRED = "Write this in plain language: it is what the public page shows."
NEXT_STEPS_NEEDED = (
    "The review found this did not fully work: say what is being done next (the follow-up, "
    "and when it will be checked again)."
)
WRONG_SOURCES = "Choose feedback sources of the action's organisation only."
CHANGED_SINCE = (
    "The wording was changed since you opened it. Read it again as it is now, then approve it."
)


# --- feedback sources ------------------------------------------------------------------------


@transaction.atomic
def save_feedback_source(*, source: FeedbackSource, user) -> FeedbackSource:
    """Add a feedback source to its organisation, or save edits to one (never moving it to
    another organisation). Officers and managers of the organisation may."""
    stored = None
    if source.pk is None:
        require_perm(
            user,
            "actions.add_feedbacksource",
            source.organisation if source.organisation_id else None,
            "You may not add feedback sources to this organisation.",
        )
    else:
        stored = FeedbackSource.objects.select_for_update().get(pk=source.pk)
        require_perm(
            user, "actions.change_feedbacksource", stored, "You may not edit this feedback source."
        )
        source.organisation_id = stored.organisation_id
    source.name = (source.name or "").strip()
    source.description = (source.description or "").strip()
    source.full_clean()
    with refuse_duplicates(source.full_clean):
        if stored is None:
            source.save()
        else:
            save_if_changed(source, stored)
    return source


# --- public wording --------------------------------------------------------------------------


def _locked_review(review: EffectivenessReview) -> EffectivenessReview:
    return (
        EffectivenessReview.objects.select_for_update()
        .select_related("action__plan")
        .get(pk=review.pk)
    )


def _validated(review: EffectivenessReview, texts: dict[str, str], sources: list) -> None:
    errors = {name: REQUIRED for name in WORDING_FIELDS[:3] if not texts[name]}
    if review.needs_follow_up and not texts["next_steps"]:
        errors["next_steps"] = NEXT_STEPS_NEEDED
    organisation_id = review.action.plan.organisation_id
    if any(source.organisation_id != organisation_id for source in sources):
        errors["sources"] = WRONG_SOURCES
    if errors:
        raise ValidationError(errors, code="invalid")


@transaction.atomic
def save_public_wording(
    *,
    review: EffectivenessReview,
    user,
    you_said: str,
    we_did: str,
    what_changed: str,
    next_steps: str = "",
    sources: Iterable[FeedbackSource] = (),
    expected_version: int | None = None,
) -> PublicWording:
    """Write or edit the public wording of a review (officers and managers of its
    organisation). Edited approved wording goes back to draft: it is not shown again until a
    manager approves it. Saving exactly what is stored changes nothing (approval kept).
    `expected_version`: the version the editor opened (an edit of a later one is refused)."""
    review = _locked_review(review)
    wording = PublicWording.objects.select_for_update().filter(review=review).first()
    if wording is None:
        require_perm(
            user, "actions.add_publicwording", review, "You may not write public wording here."
        )
        wording = PublicWording(review=review, written_by=user)
    else:
        require_perm(
            user, "actions.change_publicwording", wording, "You may not edit this wording."
        )
        if expected_version is not None and expected_version != wording.version:
            raise ValidationError(
                "Someone saved this wording since you opened it. Your text is below: compare "
                "it with the wording as it is now (open the page again) before saving.",
                code="changed_since",
            )
    texts = {name: (value or "").strip() for name, value in zip(
        WORDING_FIELDS, (you_said, we_did, what_changed, next_steps), strict=True
    )}  # fmt: skip
    sources = list(sources)
    _validated(review, texts, sources)
    changed = wording.pk is None or any(getattr(wording, k) != v for k, v in texts.items())
    changed = changed or {s.pk for s in sources} != set(
        wording.sources.values_list("pk", flat=True)
    )
    if not changed:
        return wording
    for name, value in texts.items():
        setattr(wording, name, value)
    if wording.pk is not None:
        wording.version += 1
    wording.status = PublicWording.Status.DRAFT
    wording.approved_by = None
    wording.approved_at = None
    wording.full_clean(exclude=["review"])
    wording.save()
    wording.sources.set(sources)
    return wording


@transaction.atomic
def approve_public_wording(
    *, review: EffectivenessReview, user, expected_version: int | None
) -> PublicWording:
    """A manager of the review's organisation approves its public wording, as they read it
    (`expected_version`); from then on the public pages show it."""
    review = _locked_review(review)
    require_perm(
        user,
        "actions.approve_publicwording",
        review,
        "Only a manager of this organisation may approve public wording.",
    )
    wording = PublicWording.objects.select_for_update().filter(review=review).first()
    if wording is None:
        raise ValidationError("Write the public wording before approving it.", code="missing")
    if wording.is_approved:
        raise ValidationError("This wording is already approved.", code="already_approved")
    if expected_version != wording.version:
        raise ValidationError(CHANGED_SINCE, code="changed_since")
    wording.status = PublicWording.Status.APPROVED
    wording.approved_by = user
    wording.approved_at = timezone.now()
    wording.full_clean(exclude=["review"])
    wording.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return wording


@transaction.atomic
def withdraw_public_wording(
    *, review: EffectivenessReview, user, expected_version: int | None
) -> PublicWording:
    """A manager of the review's organisation takes approved wording off the public pages
    (it goes back to draft, kept for editing); the history keeps who approved it and when."""
    review = _locked_review(review)
    require_perm(
        user,
        "actions.approve_publicwording",
        review,
        "Only a manager of this organisation may withdraw public wording.",
    )
    wording = PublicWording.objects.select_for_update().filter(review=review).first()
    if wording is None or not wording.is_approved:
        raise ValidationError("This wording is not on the public pages.", code="not_approved")
    if expected_version != wording.version:
        raise ValidationError(
            "The wording was changed since you opened it. Read it again, then withdraw it.",
            code="changed_since",
        )
    wording.status = PublicWording.Status.DRAFT
    wording.approved_by = None
    wording.approved_at = None
    wording.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return wording

"""Progress on an action: the only way its status moves."""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import Action, ActionPlan, ProgressUpdate
from actions.rules import manages
from core.uploads import check_upload

Status = ActionPlan.Status


def can_post_progress(action: Action, user) -> bool:
    """The owner (with the permission) may; so may a manager of the action's organisation."""
    if not user.has_perm("actions.add_progressupdate", action):
        return False
    return action.owner_id == user.pk or manages(action, user)


@transaction.atomic
def post_progress(
    *,
    action: Action,
    author,
    text: str,
    status: str = "",
    percent: int | None = None,
    date: datetime.date | None = None,
    evidence_file=None,
    evidence_url: str = "",
) -> ProgressUpdate:
    """Log progress on an action, optionally moving its status. Completing needs a note of
    what was done; a completed action is not reopened (a follow-up is created instead). The
    update may carry evidence of what was done: a file (refused unless it passes the checks of
    every evidence upload, core.uploads) and/or a link."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if not can_post_progress(action, author):
        raise PermissionDenied("Only the action's owner or a manager may post progress.")
    plan_status = ActionPlan.objects.values_list("status", flat=True).get(pk=action.plan_id)
    if plan_status != Status.APPROVED:
        raise ValidationError(
            "Progress is recorded once the plan is approved"
            + (" (this plan is closed)." if plan_status == Status.CLOSED else "."),
            code="plan_not_approved",
        )
    if action.is_complete:
        raise ValidationError(
            "This action is complete; record a follow-up action instead of reopening it.",
            code="already_complete",
        )
    text = _checked_text(text, status)
    update = ProgressUpdate(
        action=action,
        author=author,
        date=date or timezone.localdate(),
        text=text,
        status_from=action.status if status and status != action.status else "",
        status_to=status if status and status != action.status else "",
        percent=100 if status == Action.Status.COMPLETE else percent,
        evidence_url=(evidence_url or "").strip(),
    )
    if evidence_file:
        _attach(update, evidence_file)
    update.full_clean()
    update.save()
    if update.status_to:
        action.status = update.status_to
        if update.status_to == Action.Status.COMPLETE:
            action.completed_on = update.date
    if update.percent is not None:
        action.percent_complete = update.percent
    action.full_clean()
    action.save()
    return update


def _checked_text(text: str, status: str) -> str:
    """What was done, stripped; refused when empty, or too short to complete the action."""
    text = (text or "").strip()
    if status == Action.Status.COMPLETE and len(text) < 10:
        raise ValidationError(
            {"text": "To complete the action, say what was done (at least a sentence)."},
            code="completion_needs_update",
        )
    if not text:
        raise ValidationError({"text": "Say what was done."}, code="text_required")
    if status and status not in Action.Status.values:
        raise ValidationError({"status_to": "Choose a valid status."}, code="bad_status")
    return text


def _attach(update: ProgressUpdate, upload) -> None:
    """Check the uploaded file as every evidence upload is checked, then keep it with its
    name as given (it is stored under a random one)."""
    try:
        content_type = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"evidence_file": error.messages}, code="evidence_file") from None
    update.evidence_file = upload
    update.evidence_filename = PurePath(upload.name).name[:255]
    update.evidence_content_type = content_type

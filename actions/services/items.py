"""Adding and editing actions, with the findings and complaints they answer."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from actions import notices
from actions.models import Action, ActionPlan
from actions.rules import action_edit_refusal, can_add_action, manages
from actions.services.owners import validate_action_owner
from core.concurrency import NOT_CHECKED, check_edit
from core.history import save_if_changed

Status = ActionPlan.Status


def _check_owner(*, plan: ActionPlan, owner, user) -> None:
    """Only a manager names someone else; whoever it is must be a member who may own actions
    in the plan's organisation (ValidationError on the owner field)."""
    if owner is not None and owner != user and not manages(plan, user):
        raise PermissionDenied("Only a manager may make someone else the owner of an action.")
    validate_action_owner(organisation=plan.organisation_id, owner=owner)


@transaction.atomic
def create_action(
    *,
    action: Action,
    user,
    findings: Iterable = (),
    complaint_categories: Iterable = (),
    complaints: Iterable = (),
) -> Action:
    """Add an action to a plan, with the findings and complaints it answers."""
    plan = ActionPlan.objects.select_for_update().get(pk=action.plan_id)
    if not user.has_perm("actions.add_action", plan):
        raise PermissionDenied("You may not add actions to this plan.")
    if not can_add_action(plan, user):
        if plan.status == Status.APPROVED:
            raise PermissionDenied("Only a manager may add actions to an approved plan.")
        raise ValidationError(
            f"Actions cannot be added to a plan that is {plan.get_status_display().lower()}.",
            code="plan_locked",
        )
    _check_owner(plan=plan, owner=action.owner, user=user)
    action.plan = plan
    action.status = Action.Status.NOT_STARTED
    action.completed_on = None
    action.created_by = user
    _save_with_links(action, plan, findings, complaint_categories, complaints)
    notices.action_assigned(action, by=user)
    return action


# What a refused edit shows as changed by the other person, in the form's order.
CONFLICT_FIELDS = ("title", "description", "owner", "due_date", "priority", "success_measure")


@transaction.atomic
def update_action(
    *,
    action: Action,
    user,
    findings: Iterable = (),
    complaint_categories: Iterable = (),
    complaints: Iterable = (),
    expected_version=NOT_CHECKED,
) -> Action:
    """Save edits to an action's details (never its status: that moves by progress updates).
    An edit of a version someone saved since is refused (EditConflict)."""
    current = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    plan = current.plan
    if not user.has_perm("actions.change_action", current):
        raise PermissionDenied("You may not edit this action.")
    check_edit(current, expected_version, CONFLICT_FIELDS)
    # Judged on the saved action: the edit itself may name a new owner.
    if refusal := action_edit_refusal(current, user):
        raise PermissionDenied(refusal)
    if current.owner_id != action.owner_id:
        _check_owner(plan=plan, owner=action.owner, user=user)
    action.status = current.status
    action.completed_on = current.completed_on
    action.percent_complete = current.percent_complete
    _save_with_links(action, plan, findings, complaint_categories, complaints, stored=current)
    if current.owner_id != action.owner_id:
        notices.action_assigned(action, by=user)
    return action


def _save_with_links(action, plan, findings, complaint_categories, complaints, *, stored=None):
    """Validate the action and what it answers, then save both. An edit (`stored`: the row as
    saved) that changes nothing records no history."""
    action.full_clean()
    _validate_links(plan, findings, complaint_categories, complaints)
    if stored is None:
        action.save()
    else:
        save_if_changed(action, stored)
    action.findings.set(findings)
    action.complaint_categories.set(complaint_categories)
    action.complaints.set(complaints)


def _validate_links(plan, findings, complaint_categories, complaints) -> None:
    errors = {}
    if any(
        plan.assessment_id is None or f.topic.assessment_id != plan.assessment_id for f in findings
    ):
        errors["findings"] = "Choose findings of the plan's assessment only."
    if any(c.organisation_id != plan.organisation_id for c in complaint_categories):
        errors["complaint_categories"] = "Choose complaint categories of the plan's organisation."
    if any(c.organisation_id != plan.organisation_id for c in complaints):
        errors["complaints"] = "Choose complaints made to the plan's organisation."
    if errors:
        raise ValidationError(errors, code="wrong_links")


@transaction.atomic
def create_follow_up(*, original: Action, follow_up: Action, user) -> Action:
    """Add a follow-up to the original's plan, answering the same findings and complaints."""
    follow_up.plan_id = original.plan_id
    follow_up.follow_up_of = original
    return create_action(
        action=follow_up,
        user=user,
        findings=list(original.findings.all()),
        complaint_categories=list(original.complaint_categories.all()),
        complaints=list(original.complaints.all()),
    )

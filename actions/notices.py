"""What the plan workflow and the actions tell people (notifications.services.notify), in
the service's transaction: nothing is sent for a step that is rolled back."""

from __future__ import annotations

from actions.models import Action, ActionPlan
from assessment.roles import MANAGER
from assessment.tenancy import members_of
from core.people import person_name
from notifications import kinds
from notifications.services import notify


def plan_moved(plan: ActionPlan, name: str, *, by, comment: str = "") -> int:
    """A plan submitted (to the organisation's managers), returned or approved (to the
    officer who drafted it); whoever took the step is not told of their own step."""
    who = person_name(by) if by is not None else "Someone"
    if name in ("submit", "resubmit"):
        managers = members_of(plan.organisation_id, roles=[MANAGER])
        if by is not None:
            managers = managers.exclude(pk=by.pk)
        return notify(
            kinds.PLAN_SUBMITTED,
            managers,
            organisation=plan.organisation_id,
            subject=f"Plan submitted for approval: {plan.title}",
            url=plan.get_absolute_url(),
            body=f"{who} submitted it; approve it or return it for changes.",
        )
    if name not in ("return", "approve") or plan.created_by_id in (None, getattr(by, "pk", None)):
        return 0
    returned = name == "return"
    return notify(
        kinds.PLAN_RETURNED if returned else kinds.PLAN_APPROVED,
        [plan.created_by_id],
        organisation=plan.organisation_id,
        subject=f"Plan {'returned for changes' if returned else 'approved'}: {plan.title}",
        url=plan.get_absolute_url(),
        body=f"{who}: {comment}" if returned and comment else f"By {who}.",
    )


def action_assigned(action: Action, *, by) -> int:
    """The action's owner is told it is theirs (not when they made themselves its owner)."""
    if action.owner_id is None or action.owner_id == getattr(by, "pk", None):
        return 0
    due = f" Due {action.due_date:%-d %B %Y}." if action.due_date else ""
    return notify(
        kinds.ACTION_ASSIGNED,
        [action.owner_id],
        organisation=action.plan.organisation_id,
        subject=f"Action assigned to you: {action.title}",
        url=action.get_absolute_url(),
        body=f"Plan: {action.plan.title}.{due}",
    )

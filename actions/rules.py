"""Who may change which action plan or action, and when.

Every check is of the user's role in the plan's organisation (user.has_perm(perm, obj)): a
manager of one council is nobody in another's plans. Ownership: officers change the plans they
drafted or own, and the actions they created or own; managers change any. Status: a plan and
its actions change while it is a draft or returned (managers also once it is approved);
nothing changes while it is submitted, for the manager reviewing it must see what they
approve, nor once it is closed. The services check these against the rows they have locked;
the views show buttons by the same functions.
"""

from __future__ import annotations

from actions.models import Action, ActionPlan

Status = ActionPlan.Status

_FROZEN = (
    "This plan is waiting for a manager's approval: it and its actions cannot be changed until "
    "it is approved or returned for changes."
)
# Why nothing changes in a plan of each of ActionPlan.FROZEN_STATUSES: the plan, its actions.
_PLAN_FROZEN = {
    Status.SUBMITTED: _FROZEN,
    Status.CLOSED: "This plan is closed: it can no longer be changed.",
}
_ACTIONS_FROZEN = {
    Status.SUBMITTED: _FROZEN,
    Status.CLOSED: "This plan is closed: its actions can no longer be changed.",
}


def manages(obj: ActionPlan | Action, user) -> bool:
    """Whether the user is a manager of the plan's (or action's) organisation: they may assign
    owners and change any of its plans and actions."""
    return user.has_perm("actions.manage_action", obj)


def may_change_plan(plan: ActionPlan, user) -> bool:
    """Whether the user is one who may change this plan: its drafter, its owner or a manager
    (its status may still forbid it: see can_edit_plan)."""
    return manages(plan, user) or (
        user.pk is not None and user.pk in (plan.created_by_id, plan.owner_id)
    )


def may_change_action(action: Action, user) -> bool:
    """Whether the user is one who may change this action: who created it, its owner or a
    manager (the plan's status may still forbid it: see can_edit_action)."""
    return manages(action, user) or (
        user.pk is not None and user.pk in (action.created_by_id, action.owner_id)
    )


def plan_edit_refusal(plan: ActionPlan, user) -> str | None:
    """Why the user may not edit the plan (or add actions to it) now, in words; None when they
    may. Its drafter, its owner or a manager may while it is a draft or returned; a manager also
    once it is approved. Nobody while it is submitted, nor once it is closed."""
    if not user.has_perm("actions.change_actionplan", plan):
        return "Your role may not change action plans."
    if plan.status in ActionPlan.FROZEN_STATUSES:
        return _PLAN_FROZEN[plan.status]
    if not may_change_plan(plan, user):
        return "Only the officer who drafted this plan, its owner or a manager may change it."
    if plan.status == Status.APPROVED and not manages(plan, user):
        return "This plan is approved: only a manager may change it or add actions."
    return None


def can_edit_plan(plan: ActionPlan, user) -> bool:
    """Whether the user may edit the plan now (see plan_edit_refusal)."""
    return plan_edit_refusal(plan, user) is None


def can_add_action(plan: ActionPlan, user) -> bool:
    """Who may edit the plan now may add actions to it (see plan_edit_refusal): its drafter or
    owner while it is a draft or returned; managers also once approved (for follow-ups)."""
    return user.has_perm("actions.add_action", plan) and can_edit_plan(plan, user)


def action_edit_refusal(action: Action, user) -> str | None:
    """Why the user may not edit the action now, in words; None when they may. Who created it,
    its owner or a manager may while the plan is a draft or returned; a manager also once it is
    approved. Nobody while the plan is submitted (frozen while a manager reviews it) or closed."""
    if not user.has_perm("actions.change_action", action):
        return "Your role may not change actions."
    status = action.plan.status
    if status in ActionPlan.FROZEN_STATUSES:
        return _ACTIONS_FROZEN[status]
    if not may_change_action(action, user):
        return "Only whoever created this action, its owner or a manager may change it."
    if status == Status.APPROVED and not manages(action, user):
        return "This plan is approved: only a manager may change its actions."
    return None


def can_edit_action(action: Action, user) -> bool:
    """Whether the user may edit the action now (see action_edit_refusal)."""
    return action_edit_refusal(action, user) is None

"""Writes for action plans. Each runs in a transaction, checks who may do it (actions/rules.py),
validates, and either does all of it or nothing (raising ValidationError or PermissionDenied
with a message).

- plans.py: drafting and editing plans, and the workflow (submit, approve, return, close)
- items.py: adding and editing actions, follow-ups
- owners.py: who may be made a plan's or an action's owner (a member of its organisation)
- progress.py: progress updates, the only way an action's status moves
- reviews.py: verifying a completed action, effectiveness reviews and the follow-up rule
  (validate_review)
- snapshots.py: recording the dashboard chart's past days
"""

from actions.services.items import create_action, create_follow_up, update_action
from actions.services.owners import validate_action_owner, validate_plan_owner
from actions.services.plans import (
    TRANSITIONS,
    Transition,
    available_transitions,
    closing_problems,
    create_plan,
    plan_action_counts,
    transition_plan,
    update_plan,
)
from actions.services.progress import can_post_progress, post_progress
from actions.services.reviews import record_review, validate_review, verify_completion
from actions.services.snapshots import record_action_snapshots

__all__ = [
    "TRANSITIONS",
    "Transition",
    "available_transitions",
    "can_post_progress",
    "closing_problems",
    "create_action",
    "create_follow_up",
    "create_plan",
    "plan_action_counts",
    "post_progress",
    "record_action_snapshots",
    "record_review",
    "transition_plan",
    "update_action",
    "update_plan",
    "validate_action_owner",
    "validate_plan_owner",
    "validate_review",
    "verify_completion",
]

"""The plan workflow: drafting and editing a plan, and its steps (submit, approve, return,
reopen, close), each recorded with who and when."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from actions import notices
from actions.models import Action, ActionPlan, EffectivenessReview, PlanTransition
from actions.rules import may_change_plan, plan_edit_refusal
from actions.services.owners import validate_plan_owner
from assessment.tenancy import require_perm
from core.concurrency import NOT_CHECKED, check_edit
from core.history import save_if_changed

Status = ActionPlan.Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: str
    target: str
    permission: str
    done: str
    denied: str
    needs_comment: bool = False
    # Steps that change the plan as its author would: only its drafter, its owner or a manager.
    by_author: bool = False


# The plan workflow, as data: draft -> submitted -> approved -> closed, and
# submitted -> returned (with the manager's comment) -> submitted again (or back to draft).
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", "Submit for approval", Status.DRAFT, Status.SUBMITTED,
                   "actions.change_actionplan", "submitted for approval",
                   "Your role may not submit action plans.", by_author=True),
        Transition("resubmit", "Resubmit for approval", Status.RETURNED, Status.SUBMITTED,
                   "actions.change_actionplan", "resubmitted for approval",
                   "Your role may not resubmit action plans.", by_author=True),
        Transition("approve", "Approve", Status.SUBMITTED, Status.APPROVED,
                   "actions.approve_actionplan", "approved",
                   "Only a manager may approve an action plan."),
        Transition("return", "Return for changes", Status.SUBMITTED, Status.RETURNED,
                   "actions.approve_actionplan", "returned for changes",
                   "Only a manager may return an action plan for changes.",
                   needs_comment=True),
        Transition("reopen", "Reopen as draft", Status.RETURNED, Status.DRAFT,
                   "actions.change_actionplan", "reopened as a draft",
                   "Your role may not reopen action plans.", by_author=True),
        Transition("close", "Close plan", Status.APPROVED, Status.CLOSED,
                   "actions.close_actionplan", "closed",
                   "Only a manager may close an action plan."),
    ]
}  # fmt: skip


def available_transitions(plan: ActionPlan, user) -> list[Transition]:
    """The transitions the user may attempt from the plan's current status (for buttons)."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.source == plan.status and _transition_refusal(t, plan, user) is None
    ]


def _transition_refusal(transition: Transition, plan: ActionPlan, user) -> str | None:
    """Why the user may not take this step on this plan (whatever its status), or None."""
    if not user.has_perm(transition.permission, plan):
        return transition.denied
    if transition.by_author and not may_change_plan(plan, user):
        return (
            "Only the officer who drafted this plan, its owner or a manager may "
            f"{transition.label[0].lower()}{transition.label[1:]}."
        )
    return None


@transaction.atomic
def create_plan(*, plan: ActionPlan, created_by) -> ActionPlan:
    """Save a new draft plan, in an organisation where the user's role lets them draft plans."""
    if plan.assessment_id and not plan.organisation_id:
        plan.organisation_id = plan.assessment.organisation_id
    plan.status = Status.DRAFT
    plan.created_by = created_by
    plan.full_clean()
    require_perm(
        created_by,
        "actions.add_actionplan",
        plan.organisation,
        "You may not create action plans for this organisation.",
    )
    validate_plan_owner(organisation=plan.organisation_id, owner=plan.owner)
    plan.save()
    return plan


@transaction.atomic
def update_plan(*, plan: ActionPlan, user, expected_version=NOT_CHECKED) -> ActionPlan:
    """Save edits to a plan's details: its drafter or owner while it is a draft or returned;
    managers also once approved, until it is closed. An edit of a version someone saved since
    is refused (EditConflict)."""
    current = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if not user.has_perm("actions.change_actionplan", current):
        raise PermissionDenied("You may not edit this action plan.")
    # Judged on the saved plan: the edit itself may name a new owner.
    if not may_change_plan(current, user):
        raise PermissionDenied(
            "Only the officer who drafted this plan, its owner or a manager may edit it."
        )
    if refusal := plan_edit_refusal(current, user):
        raise ValidationError(refusal, code="plan_locked")
    check_edit(current, expected_version, ("title", "purpose", "owner"))
    plan.status = current.status
    plan.full_clean()
    # The edit may move the plan: the user must be able to change plans there too.
    require_perm(user, "actions.change_actionplan", plan, "You may not move the plan there.")
    if plan.owner_id != current.owner_id or plan.organisation_id != current.organisation_id:
        validate_plan_owner(organisation=plan.organisation_id, owner=plan.owner)
    save_if_changed(plan, current)
    return plan


@transaction.atomic
def transition_plan(*, plan: ActionPlan, name: str, by, comment: str = "") -> ActionPlan:
    """Move a plan along its workflow, recording who and when. Refuses invalid moves."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(f"Unknown step “{name}”.", code="unknown_transition")
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if not by.has_perm(transition.permission, plan):
        raise PermissionDenied(transition.denied)
    if refusal := _transition_refusal(transition, plan, by):
        raise PermissionDenied(refusal)
    if plan.status != transition.source:
        raise ValidationError(
            f"This plan is {plan.get_status_display().lower()}: only a plan that is "
            f"{Status(transition.source).label.lower()} can be {transition.done}.",
            code="wrong_status",
        )
    comment = comment.strip()
    if transition.needs_comment and not comment:
        raise ValidationError(
            {"comment": "Say what needs to change: a returned plan needs a comment."},
            code="comment_required",
        )
    if name in ("submit", "resubmit"):
        _check_submittable(plan)
    if name == "close":
        _check_closable(plan)
    PlanTransition.objects.create(
        plan=plan,
        from_status=plan.status,
        to_status=transition.target,
        by=by,
        at=timezone.now(),
        comment=comment,
    )
    plan.status = transition.target
    plan.save(update_fields=["status", "updated_at"])
    notices.plan_moved(plan, name, by=by, comment=comment)
    return plan


def _check_submittable(plan: ActionPlan) -> None:
    problems = []
    if plan.owner_id is None:
        problems.append("name its owner (a manager)")
    if not plan.actions.exists():
        problems.append("add at least one action")
    if problems:
        raise ValidationError(
            "Before submitting the plan, " + " and ".join(problems) + ".", code="not_submittable"
        )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def plan_action_counts(plan: ActionPlan) -> dict[str, int]:
    """The plan's actions: total, open, complete without review, and not fully effective with
    neither a follow-up nor a reason for none (one aggregate query)."""
    complete = Q(status=Action.Status.COMPLETE)
    not_fully_effective = Q(
        review__outcome__in=[
            EffectivenessReview.Outcome.PARTLY_EFFECTIVE,
            EffectivenessReview.Outcome.NOT_EFFECTIVE,
        ]
    )
    return plan.actions.aggregate(
        total=Count("pk", distinct=True),
        open=Count("pk", filter=~complete, distinct=True),
        unreviewed=Count("pk", filter=complete & Q(review__isnull=True), distinct=True),
        no_follow_up=Count(
            "pk",
            filter=not_fully_effective
            & Q(review__no_follow_up_reason="")
            & Q(follow_ups__isnull=True),
            distinct=True,
        ),
    )


def closing_problems(plan: ActionPlan, counts: dict[str, int] | None = None) -> list[str]:
    """Why the plan cannot close yet, in words; empty when it can. `counts` is
    plan_action_counts(plan), read here when not given."""
    counts = counts if counts is not None else plan_action_counts(plan)
    problems = []
    if counts["open"]:
        problems.append(_plural(counts["open"], "action is", "actions are") + " still open")
    if counts["unreviewed"]:
        problems.append(
            _plural(counts["unreviewed"], "complete action has", "complete actions have")
            + " no effectiveness review"
        )
    if counts["no_follow_up"]:
        problems.append(
            _plural(
                counts["no_follow_up"],
                "action that was not fully effective has",
                "actions that were not fully effective have",
            )
            + " neither a follow-up nor a reason for none"
        )
    return problems


def _check_closable(plan: ActionPlan) -> None:
    if problems := closing_problems(plan):
        raise ValidationError(
            "The plan cannot close: " + " and ".join(problems) + ".", code="not_closable"
        )

"""Writes for action plans. Each runs in a transaction, checks who may do it, validates, and
either does all of it or nothing (raising ValidationError or PermissionDenied with a message).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from actions.models import (
    Action,
    ActionPlan,
    EffectivenessReview,
    PlanTransition,
    ProgressUpdate,
)
from actions.rules import (  # noqa: F401 (re-exported for the views)
    action_edit_refusal,
    can_edit_action,
    can_edit_plan,
    may_change_action,
    may_change_plan,
    plan_edit_refusal,
)

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
    if not user.has_perm(transition.permission):
        return transition.denied
    if transition.by_author and not may_change_plan(plan, user):
        return (
            "Only the officer who drafted this plan, its owner or a manager may "
            f"{transition.label[0].lower()}{transition.label[1:]}."
        )
    return None


def _lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


@transaction.atomic
def create_plan(*, plan: ActionPlan, created_by) -> ActionPlan:
    """Save a new draft plan."""
    if not created_by.has_perm("actions.add_actionplan"):
        raise PermissionDenied("You may not create action plans.")
    if plan.assessment_id and not plan.organisation_id:
        plan.organisation_id = plan.assessment.organisation_id
    plan.status = Status.DRAFT
    plan.created_by = created_by
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def update_plan(*, plan: ActionPlan, user) -> ActionPlan:
    """Save edits to a plan's details: its drafter or owner while it is a draft or returned;
    managers also once approved, until it is closed."""
    current = _lock(ActionPlan, plan.pk)
    if not user.has_perm("actions.change_actionplan"):
        raise PermissionDenied("You may not edit action plans.")
    # Judged on the saved plan: the edit itself may name a new owner.
    if not may_change_plan(current, user):
        raise PermissionDenied(
            "Only the officer who drafted this plan, its owner or a manager may edit it."
        )
    if refusal := plan_edit_refusal(current, user):
        raise ValidationError(refusal, code="plan_locked")
    plan.status = current.status
    plan.full_clean()
    plan.save()
    return plan


def can_add_action(plan: ActionPlan, user) -> bool:
    """Who may edit the plan now may add actions to it (see plan_edit_refusal): its drafter or
    owner while it is a draft or returned; managers also once approved (for follow-ups)."""
    if not user.has_perm("actions.add_action"):
        return False
    return can_edit_plan(plan, user)


@transaction.atomic
def transition_plan(*, plan: ActionPlan, name: str, by, comment: str = "") -> ActionPlan:
    """Move a plan along its workflow, recording who and when. Refuses invalid moves."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(f"Unknown step “{name}”.", code="unknown_transition")
    if not by.has_perm(transition.permission):
        raise PermissionDenied(transition.denied)
    plan = _lock(ActionPlan, plan.pk)
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
            "Say what needs to change: a returned plan needs a comment.", code="comment_required"
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


def _check_owner(*, plan: ActionPlan, owner, user) -> None:
    if owner is not None and owner != user and not user.has_perm("actions.manage_action"):
        raise PermissionDenied("Only a manager may make someone else the owner of an action.")


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
    plan = _lock(ActionPlan, action.plan_id)
    if not user.has_perm("actions.add_action"):
        raise PermissionDenied("You may not add actions.")
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
    action.full_clean()
    _validate_links(plan, findings, complaint_categories, complaints)
    action.save()
    action.findings.set(findings)
    action.complaint_categories.set(complaint_categories)
    action.complaints.set(complaints)
    return action


@transaction.atomic
def update_action(
    *,
    action: Action,
    user,
    findings: Iterable = (),
    complaint_categories: Iterable = (),
    complaints: Iterable = (),
) -> Action:
    """Save edits to an action's details (never its status: that moves by progress updates)."""
    current = _lock(Action, action.pk)
    plan = action.plan
    if not user.has_perm("actions.change_action"):
        raise PermissionDenied("You may not edit actions.")
    # Judged on the saved action: the edit itself may name a new owner.
    if refusal := action_edit_refusal(current, user):
        raise PermissionDenied(refusal)
    if current.owner_id != action.owner_id:
        _check_owner(plan=plan, owner=action.owner, user=user)
    action.status = current.status
    action.completed_on = current.completed_on
    action.percent_complete = current.percent_complete
    action.full_clean()
    _validate_links(plan, findings, complaint_categories, complaints)
    action.save()
    action.findings.set(findings)
    action.complaint_categories.set(complaint_categories)
    action.complaints.set(complaints)
    return action


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


def can_post_progress(action: Action, user) -> bool:
    """The owner (with the permission) may; so may a manager for any action."""
    if not user.has_perm("actions.add_progressupdate"):
        return False
    return action.owner_id == user.pk or user.has_perm("actions.manage_action")


@transaction.atomic
def post_progress(
    *,
    action: Action,
    author,
    text: str,
    status: str = "",
    percent: int | None = None,
    date: datetime.date | None = None,
) -> ProgressUpdate:
    """Log progress on an action, optionally moving its status. Completing needs a note of
    what was done; a completed action is not reopened (a follow-up is created instead)."""
    action = _lock(Action, action.pk)
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
    today = timezone.localdate()
    update = ProgressUpdate(
        action=action,
        author=author,
        date=date or today,
        text=text,
        status_from=action.status if status and status != action.status else "",
        status_to=status if status and status != action.status else "",
        percent=100 if status == Action.Status.COMPLETE else percent,
    )
    if update.date > today:
        raise ValidationError({"date": "An update cannot be dated in the future."}, code="future")
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
    """Record whether a completed action worked. "Partly" or "not effective" needs either a
    follow-up action (unsaved, same plan: created in the same transaction) or a reason why none
    is needed; an effective one needs neither."""
    if not reviewer.has_perm("actions.review_action"):
        raise PermissionDenied("Only a manager may record effectiveness reviews.")
    action = _lock(Action, action.pk)
    if not action.is_complete:
        raise ValidationError(
            "Only a completed action can be reviewed for effect.", code="not_complete"
        )
    if EffectivenessReview.objects.filter(action=action).exists():
        raise ValidationError("This action has already been reviewed.", code="already_reviewed")
    review = EffectivenessReview(
        action=action,
        reviewer=reviewer,
        outcome=outcome,
        evidence=(evidence or "").strip(),
        no_follow_up_reason=(no_follow_up_reason or "").strip(),
        date=date or timezone.localdate(),
    )
    if (
        review.needs_follow_up
        and follow_up is None
        and not review.no_follow_up_reason
        and not action.follow_ups.exists()
    ):
        raise ValidationError(
            {
                "no_follow_up_reason": "The action was not fully effective: add a follow-up "
                "action, or say why no follow-up is needed."
            },
            code="follow_up_or_reason",
        )
    if not review.needs_follow_up:
        review.no_follow_up_reason = ""
    if follow_up is not None and review.no_follow_up_reason:
        raise ValidationError(
            {"no_follow_up_reason": "Either add a follow-up or give a reason for none, not both."},
            code="follow_up_and_reason",
        )
    if review.date > timezone.localdate():
        raise ValidationError({"date": "A review cannot be dated in the future."}, code="future")
    review.full_clean()
    review.save()
    if follow_up is not None:
        if not review.needs_follow_up:
            raise ValidationError(
                "A follow-up is only created when the action was not (fully) effective.",
                code="follow_up_not_needed",
            )
        create_follow_up(original=action, follow_up=follow_up, user=reviewer)
    return review


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

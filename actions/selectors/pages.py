"""Reads for the action plan pages and the panels other apps' pages show."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from actions.models import AMBER_DAYS, Action, ActionPlan
from assessment.models import Membership
from assessment.roles import roles_granting
from core.counts import CountOf, figures
from findings.models import Finding


def managers():
    """Active users who may approve plans somewhere (an active membership whose role grants
    it, or superusers): the people who can own one. (A plan's own organisation narrows this:
    tenancy.members_of.)"""
    approvers = Membership.objects.active().filter(
        role__in=roles_granting("actions.approve_actionplan")
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(pk__in=approvers.values("user_id")))
        .order_by("first_name", "last_name", "username")
    )


def unanswered_shortfalls():
    """Shortfall findings that no action answers (NOT EXISTS: no join fan-out, no DISTINCT)."""
    answered = Action.findings.through.objects.filter(finding_id=OuterRef("pk"))
    return Finding.objects.filter(judgement=Finding.Judgement.SHORTFALL).filter(~Exists(answered))


def returned_plans(user, annotated: bool = True):
    """Plans returned for changes that the user drafted or has actions in (with the action
    counts of for_list unless `annotated` is False)."""
    mine = Q(created_by=user) | Q(pk__in=Action.objects.filter(owner=user).values("plan_id"))
    plans = ActionPlan.objects.filter(status=ActionPlan.Status.RETURNED).filter(mine)
    return plans.for_list() if annotated else plans


def my_action_counts(user, today: datetime.date | None = None, **extra: CountOf) -> dict[str, int]:
    """The user's open, overdue and due-soon (within AMBER_DAYS) actions, the plans returned to
    them for changes, and any `extra` figures: one query."""
    today = today or timezone.localdate()
    mine = Action.objects.filter(owner=user).open()
    return figures(
        user,
        open=CountOf(mine),
        overdue=CountOf(mine.filter(due_date__lt=today)),
        due_soon=CountOf(
            mine.filter(
                due_date__gte=today, due_date__lte=today + datetime.timedelta(days=AMBER_DAYS)
            )
        ),
        returned=CountOf(returned_plans(user, annotated=False)),
        **extra,
    )


def my_overdue_actions(user, today: datetime.date | None = None, limit: int = 5):
    """The user's overdue actions, most overdue first, with their plan (one query)."""
    return (
        Action.objects.filter(owner=user)
        .overdue(today)
        .select_related("plan")
        .order_by("due_date", "pk")[:limit]
    )


def organisation_plans(organisation, limit: int = 20):
    """The organisation's latest plans with their action counts, and how many plans it has in
    each status (counted by the database beside each row): one query."""
    plans_of = ActionPlan.objects.filter(organisation=organisation)
    plans = list(
        plans_of.for_list().annotate(
            **{
                f"plans_{value}": CountOf(plans_of.filter(status=value))
                for value in ActionPlan.Status.values
            }
        )[:limit]
    )
    counts = {
        value: getattr(plans[0], f"plans_{value}") if plans else 0
        for value in ActionPlan.Status.values
    }
    return {
        "plans": plans,
        "status_counts": [
            (value, label, counts[value])
            for value, label in ActionPlan.Status.choices
            if counts[value]
        ],
        "plan_total": sum(counts.values()),
    }


def plan_actions(plan: ActionPlan, today: datetime.date | None = None):
    """The plan's actions, soonest due first, with their RAG and what the table shows."""
    return (
        Action.objects.filter(plan=plan)
        .for_list(today)
        .select_related("follow_up_of")
        .order_by("due_date", "pk")
    )


# --- statement and finding panels ------------------------------------------------------------


def statement_actions(assessment, statement, today: datetime.date | None = None):
    """Actions answering any finding of the statement (one query, RAG annotated)."""
    return (
        Action.objects.filter(
            findings__topic__assessment=assessment, findings__topic__statement=statement
        )
        .distinct()
        .select_related("owner", "plan", "review")
        .prefetch_related(Action.objects.follow_ups_prefetch())
        .with_rag(today)
        .order_by("due_date", "pk")
    )


def actions_per_statement(assessment_ids, today: datetime.date | None = None) -> dict:
    """{(assessment id, statement id): {"total", "open", "overdue", "complete"}}: the actions
    answering the findings of each statement of these assessments (one query)."""
    today = today or timezone.localdate()
    is_open = ~Q(status=Action.Status.COMPLETE)
    rows = (
        Action.objects.filter(findings__topic__assessment__in=assessment_ids)
        .order_by()
        .values_list("findings__topic__assessment_id", "findings__topic__statement_id")
        .annotate(
            total=Count("pk", distinct=True),
            open=Count("pk", filter=is_open, distinct=True),
            overdue=Count("pk", filter=is_open & Q(due_date__lt=today), distinct=True),
        )
    )
    return {
        (assessment, statement): {
            "total": total,
            "open": open_,
            "overdue": overdue,
            "complete": total - open_,
        }
        for assessment, statement, total, open_, overdue in rows
    }


def statement_unanswered(assessment, statement):
    """The statement's shortfall findings that no action answers, in report order."""
    return (
        unanswered_shortfalls()
        .filter(topic__assessment=assessment, topic__statement=statement)
        .order_by("topic__order", "order", "pk")
    )


def finding_actions(finding, today: datetime.date | None = None):
    """The actions answering the finding, soonest due first (one query, RAG annotated)."""
    return (
        finding.actions.select_related("owner", "plan", "review")
        .prefetch_related(Action.objects.follow_ups_prefetch())
        .with_rag(today)
        .order_by("due_date", "pk")
    )

"""Reads for the action plan pages and the panels other apps' pages show."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from actions.models import AMBER_DAYS, Action, ActionPlan
from assessment.roles import roles_granting
from assessment.tenancy import members_of, members_of_any
from core.counts import CountOf, figures
from findings.models import Finding

# Who may own what: a plan's owner approves it, an action's owner posts its progress.
PLAN_OWNER_PERM = "actions.approve_actionplan"
ACTION_OWNER_PERM = "actions.add_progressupdate"


def _keeping(people, keep):
    """`people`, plus the user `keep` (a record's current owner stays selectable on it)."""
    if keep is None:
        return people
    return (
        get_user_model()
        .objects.filter(Q(pk__in=people.values("pk")) | Q(pk=getattr(keep, "pk", keep)))
        .order_by("first_name", "last_name", "username")
    )


def plan_owners(organisations, keep=None):
    """Who may own a plan of these organisations (Organisations or ids): their active members
    whose role there lets them approve plans (managers), by name; `keep`: also that user."""
    return _keeping(members_of_any(organisations, roles_granting(PLAN_OWNER_PERM)), keep)


def action_owners(organisation, keep=None):
    """Who may own an action of the organisation: its active members whose role lets them post
    progress (officers and managers, not viewers), by name; `keep`: also that user."""
    return _keeping(members_of(organisation, roles_granting(ACTION_OWNER_PERM)), keep)


def _scoped(queryset, user):
    """The rows of the organisations `user` may see; all of them for user None (a caller
    reading within one object the page has already scoped, such as an assessment)."""
    return queryset if user is None else queryset.for_user(user)


def unanswered_shortfalls(user=None):
    """Shortfall findings that no action answers, of the organisations the user may see: the
    database keeps Finding.answered with every link (a partial index holds exactly these)."""
    findings = Finding.objects.filter(judgement=Finding.Judgement.SHORTFALL, answered=False)
    return _scoped(findings, user)


def returned_plans(user, annotated: bool = True):
    """Plans of the user's organisations returned for changes that the user drafted or has
    actions in (with the action counts of for_list unless `annotated` is False)."""
    mine = Q(created_by=user) | Q(pk__in=Action.objects.filter(owner=user).values("plan_id"))
    plans = ActionPlan.objects.for_user(user).filter(status=ActionPlan.Status.RETURNED)
    plans = plans.filter(mine)
    return plans.for_list() if annotated else plans


def my_action_counts(user, today: datetime.date | None = None, **extra: CountOf) -> dict[str, int]:
    """The user's open, overdue and due-soon (within AMBER_DAYS) actions in the organisations
    they are a member of, the plans returned to them for changes, and any `extra` figures:
    one query."""
    today = today or timezone.localdate()
    mine = Action.objects.for_user(user).filter(owner=user).open()
    return figures(
        user,
        open=CountOf(mine, rows=True),
        overdue=CountOf(mine.filter(due_date__lt=today), rows=True),
        due_soon=CountOf(
            mine.filter(
                due_date__gte=today, due_date__lte=today + datetime.timedelta(days=AMBER_DAYS)
            ),
            rows=True,
        ),
        returned=CountOf(returned_plans(user, annotated=False)),
        **extra,
    )


def my_overdue_actions(user, today: datetime.date | None = None, limit: int = 5):
    """The user's overdue actions in their organisations, most overdue first, with their plan
    (one query)."""
    return (
        Action.objects.for_user(user)
        .filter(owner=user)
        .overdue(today)
        .select_related("plan")
        .order_by("due_date", "pk")[:limit]
    )


def organisation_plans(organisation, limit: int = 20, user=None):
    """The organisation's latest plans with their action counts, and how many plans it has in
    each status (counted by the database beside each row): one query."""
    plans_of = _scoped(ActionPlan.objects.all(), user).filter(organisation=organisation)
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


def statement_actions(assessment, statement, today: datetime.date | None = None, user=None):
    """Actions answering any finding of the statement (one query, RAG annotated)."""
    # The links as a subquery (a semi-join), not a join made distinct: PostgreSQL planned the
    # eight-table join with DISTINCT over every column in about 7 ms, for 1 ms of work.
    answering = Action.findings.through.objects.filter(
        finding__topic__assessment=assessment, finding__topic__statement=statement
    ).values("action_id")
    return (
        _scoped(Action.objects.all(), user)
        .filter(pk__in=answering)
        .select_related("owner", "plan", "review")
        .prefetch_related(Action.objects.follow_ups_prefetch())
        .with_rag(today)
        .order_by("due_date", "pk")
    )


def actions_per_statement(assessment_ids, today: datetime.date | None = None, user=None) -> dict:
    """{(assessment id, statement id): {"total", "open", "overdue", "complete"}}: the actions
    answering the findings of each statement of these assessments (one query)."""
    today = today or timezone.localdate()
    is_open = ~Q(status=Action.Status.COMPLETE)
    rows = (
        _scoped(Action.objects.all(), user)
        .filter(findings__topic__assessment__in=assessment_ids)
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


def statement_unanswered(assessment, statement, user=None):
    """The statement's shortfall findings that no action answers, in report order."""
    return (
        unanswered_shortfalls(user)
        .filter(topic__assessment=assessment, topic__statement=statement)
        .order_by("topic__order", "order", "pk")
    )


def finding_actions(finding, today: datetime.date | None = None, user=None):
    """The actions answering the finding, soonest due first (one query, RAG annotated)."""
    return (
        _scoped(finding.actions.all(), user)
        .select_related("owner", "plan", "review")
        .prefetch_related(Action.objects.follow_ups_prefetch())
        .with_rag(today)
        .order_by("due_date", "pk")
    )

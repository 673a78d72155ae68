"""The managers' dashboard figures: every one counted by the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.utils import timezone

from actions.models import AMBER_DAYS, RAG_MEANING, Action, ActionPlan, EffectivenessReview, Rag
from actions.selectors.pages import my_action_counts, unanswered_shortfalls
from actions.selectors.status_history import ChartWeek, status_over_time
from assessment.data_versions import kept
from assessment.models import Assessment
from assessment.tenancy import organisation_ids
from core.counts import CountOf


@dataclass
class Figure:
    label: str
    count: int
    url_query: str
    css: str = ""
    meaning: str = ""


@dataclass
class ActionDashboard:
    by_status: list[Figure]
    by_rag: list[Figure]
    overdue: int
    due_30: int
    total: int
    reviews: list[Figure]
    awaiting_review: int
    awaiting_approval: int
    unanswered: list[Assessment]
    chart: list[ChartWeek] = field(default_factory=list)


def _open_counts(actions, today: datetime.date) -> dict[str, int]:
    """Open actions by status, overdue, due in 30 days and by RAG: one aggregate. It counts
    `status` (never null) rather than ids, naming no column but status and due date, so
    PostgreSQL can read it from the partial index of open actions (action_open_plan_status_idx)
    alone."""
    amber_end = today + datetime.timedelta(days=AMBER_DAYS)
    return actions.open().aggregate(
        **{
            f"status_{value}": Count("status", filter=Q(status=value))
            for value in Action.Status.values
            if value != Action.Status.COMPLETE
        },
        open=Count("status"),
        overdue=Count("status", filter=Q(due_date__lt=today)),
        due_30=Count(
            "pk", filter=Q(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=30))
        ),
        # The RAG rule (rag_expression) for open actions; complete ones are all green.
        rag_red=Count("status", filter=Q(status=Action.Status.BLOCKED) | Q(due_date__lt=today)),
        rag_amber=Count(
            "pk",
            filter=~Q(status=Action.Status.BLOCKED)
            & Q(due_date__gte=today, due_date__lte=amber_end),
        ),
    )


def _counts(user, today: datetime.date) -> dict[str, int]:
    """Every figure of the dashboard, of the organisations the user may see: one aggregate
    each over open actions, complete actions and reviews, so none scans the whole table more
    than once."""
    actions = Action.objects.for_user(user)
    open_counts = _open_counts(actions, today)
    complete_counts = actions.filter(status=Action.Status.COMPLETE).aggregate(
        complete=Count("pk"), awaiting_review=Count("pk", filter=Q(review__isnull=True))
    )
    review_counts = EffectivenessReview.objects.for_user(user).aggregate(
        **{
            f"review_{value}": Count("pk", filter=Q(outcome=value))
            for value in EffectivenessReview.Outcome.values
        }
    )
    counts = {
        **open_counts,
        **complete_counts,
        **review_counts,
        f"status_{Action.Status.COMPLETE}": complete_counts["complete"],
        "total": open_counts["open"] + complete_counts["complete"],
    }
    counts["rag_green"] = counts["total"] - counts["rag_red"] - counts["rag_amber"]
    return counts


def _most_unanswered(user, limit: int = 10) -> list[Assessment]:
    """The user's organisations' assessments with most unanswered shortfalls, in one query:
    their ids grouped over shortfall findings only (not a join of every assessment), then
    those assessments with their counts."""
    top_ids = (
        unanswered_shortfalls(user)
        .order_by()
        .values("topic__assessment_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "topic__assessment_id")
        .values("topic__assessment_id")[:limit]
    )
    count_for_assessment = (
        unanswered_shortfalls()
        .filter(topic__assessment=OuterRef("pk"))
        .order_by()
        .values("topic__assessment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Assessment.objects.filter(pk__in=top_ids)
        .select_related("organisation")
        .annotate(unanswered=Subquery(count_for_assessment, output_field=IntegerField()))
        .order_by("-unanswered", "pk")
    )


def _kept_figures(user, today: datetime.date) -> tuple[dict[str, int], list[Assessment]]:
    """_counts and _most_unanswered, kept in the cache under the data versions of the user's
    organisations (assessment/data_versions.py: the database changes them with every write to
    their actions, reviews, findings and assessments) and the day: never stale."""
    return kept(
        "action-figures",
        organisation_ids(user),
        lambda: (_counts(user, today), _most_unanswered(user)),
        today.isoformat(),
    )


def action_dashboard(user, today: datetime.date | None = None, weeks: int = 12) -> ActionDashboard:
    """The manager's figures (see _counts), the assessments with most unanswered shortfalls
    and the chart of the last `weeks` weeks (status_history: read, never written), each
    counting only the organisations the user may see; plans awaiting approval only where
    their role lets them approve."""
    today = today or timezone.localdate()
    counts, unanswered = _kept_figures(user, today)
    now = ChartWeek(
        end=today,
        complete=counts["complete"],
        on_track=counts["open"] - counts["overdue"],
        overdue=counts["overdue"],
    )
    return ActionDashboard(
        by_status=[
            Figure(label, counts[f"status_{value}"], f"status={value}")
            for value, label in Action.Status.choices
        ],
        by_rag=[
            Figure(
                label, counts[f"rag_{value}"], f"rag={value}", css=value, meaning=RAG_MEANING[value]
            )
            for value, label in Rag.choices
        ],
        overdue=counts["overdue"],
        due_30=counts["due_30"],
        total=counts["total"],
        reviews=[
            Figure(label, counts[f"review_{value}"], f"review={value}", css=value)
            for value, label in EffectivenessReview.Outcome.choices
        ],
        awaiting_review=counts["awaiting_review"],
        awaiting_approval=ActionPlan.objects.for_user(user, "actions.approve_actionplan")
        .awaiting_approval()
        .count(),
        unanswered=unanswered,
        chart=status_over_time(
            today=today, weeks=weeks, now=now, organisation_ids=organisation_ids(user)
        ),
    )


def my_figures(user, today: datetime.date, *, unanswered: bool) -> dict[str, int]:
    """An officer's own figures (my_action_counts) and, with `unanswered`, the shortfalls of
    their organisations that no action answers: kept like the managers' figures, under the
    data versions of the user's organisations, the user and the day."""

    def count() -> dict[str, int]:
        extra = (
            {"unanswered": CountOf(unanswered_shortfalls(user), rows=True)} if unanswered else {}
        )
        return my_action_counts(user, today, **extra)

    return kept(
        "my-figures", organisation_ids(user), count, user.pk, int(unanswered), today.isoformat()
    )

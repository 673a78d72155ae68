"""Reads for action plan pages and the dashboard: every figure is counted by the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from actions.models import (
    AMBER_DAYS,
    RAG_MEANING,
    Action,
    ActionPlan,
    ActionStatusSnapshot,
    EffectivenessReview,
    Rag,
)
from assessment.models import Assessment
from complaints.models import ComplaintCategory
from findings.models import Finding


def managers():
    """Active users who may approve plans: the people who can own one."""
    user_model = get_user_model()
    perm = Q(
        groups__permissions__codename="approve_actionplan",
        groups__permissions__content_type__app_label="actions",
    ) | Q(
        user_permissions__codename="approve_actionplan",
        user_permissions__content_type__app_label="actions",
    )
    return (
        user_model.objects.filter(is_active=True)
        .filter(perm | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def unanswered_shortfalls():
    """Shortfall findings that no action answers (NOT EXISTS: no join fan-out, no DISTINCT)."""
    answered = Action.findings.through.objects.filter(finding_id=OuterRef("pk"))
    return Finding.objects.filter(judgement=Finding.Judgement.SHORTFALL).filter(~Exists(answered))


# --- dashboard -------------------------------------------------------------------------------


@dataclass
class Figure:
    label: str
    count: int
    url_query: str
    css: str = ""
    meaning: str = ""


@dataclass
class ChartWeek:
    end: datetime.date
    complete: int
    on_track: int
    overdue: int

    @property
    def total(self) -> int:
        return self.complete + self.on_track + self.overdue


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


def action_dashboard(today: datetime.date | None = None, weeks: int = 12) -> ActionDashboard:
    """The manager's figures. Each group of figures is one aggregate over the rows it concerns
    (open actions; complete actions; reviews), so none scans the whole table more than once;
    the chart's past weeks come from ActionStatusSnapshot."""
    today = today or timezone.localdate()
    open_counts = Action.objects.open().aggregate(
        **{
            f"status_{value}": Count("pk", filter=Q(status=value))
            for value in Action.Status.values
            if value != Action.Status.COMPLETE
        },
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        due_30=Count(
            "pk", filter=Q(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=30))
        ),
        # The RAG rule (rag_expression) for open actions; complete ones are all green.
        rag_red=Count("pk", filter=Q(status=Action.Status.BLOCKED) | Q(due_date__lt=today)),
        rag_amber=Count(
            "pk",
            filter=~Q(status=Action.Status.BLOCKED)
            & Q(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=AMBER_DAYS)),
        ),
    )
    complete_counts = Action.objects.filter(status=Action.Status.COMPLETE).aggregate(
        complete=Count("pk"), awaiting_review=Count("pk", filter=Q(review__isnull=True))
    )
    review_counts = EffectivenessReview.objects.aggregate(
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
    now = ChartWeek(
        end=today,
        complete=counts["complete"],
        on_track=counts["open"] - counts["overdue"],
        overdue=counts["overdue"],
    )
    # The ten assessments with most unanswered shortfalls, in one query: the ten ids grouped
    # over shortfall findings only (not a join of every assessment), then those assessments
    # with their counts.
    top_ids = (
        unanswered_shortfalls()
        .order_by()
        .values("topic__assessment_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "topic__assessment_id")
        .values("topic__assessment_id")[:10]
    )
    count_for_assessment = (
        unanswered_shortfalls()
        .filter(topic__assessment=OuterRef("pk"))
        .order_by()
        .values("topic__assessment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    unanswered = list(
        Assessment.objects.filter(pk__in=top_ids)
        .select_related("organisation")
        .annotate(unanswered=Subquery(count_for_assessment, output_field=IntegerField()))
        .order_by("-unanswered", "pk")
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
        awaiting_approval=ActionPlan.objects.awaiting_approval().count(),
        unanswered=unanswered,
        chart=status_over_time(today=today, weeks=weeks, now=now),
    )


def _week_aggregates(ends: list[datetime.date]) -> dict:
    """For each day in `ends`: how many actions existed at its end and were complete, open and
    on time, or open and overdue, reconstructed from created_at, completed_on and due_date as
    conditional counts."""
    aggregates = {}
    for i, end in enumerate(ends):
        # "Created on or before `end`" as a plain timestamp comparison: created_at__date would
        # convert every row's timestamp to a local date, three times per day per row.
        next_midnight = timezone.make_aware(
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
        )
        existed = Q(created_at__lt=next_midnight)
        done = Q(completed_on__isnull=False, completed_on__lte=end)
        aggregates[f"week{i}_c"] = Count("pk", filter=existed & done)
        aggregates[f"week{i}_o"] = Count("pk", filter=existed & ~done & Q(due_date__lt=end))
        aggregates[f"week{i}_t"] = Count("pk", filter=existed & ~done & Q(due_date__gte=end))
    return aggregates


def status_over_time(
    *, today: datetime.date, weeks: int = 12, now: ChartWeek | None = None
) -> list[ChartWeek]:
    """The chart: for each of the last `weeks` week-ends (the last is today), how many actions
    were complete, open and on time, and open and overdue.

    Past week-ends are read from ActionStatusSnapshot; one not yet recorded is counted from the
    actions' dates (one aggregate query for all that are missing) and recorded, so later
    requests read it back and it keeps saying what was true on the day. Today is live: `now`
    when the caller has already counted it, else counted here."""
    ends = [today - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    past = ends[:-1]
    stored = {
        snapshot.date: ChartWeek(
            snapshot.date, snapshot.complete, snapshot.on_track, snapshot.overdue
        )
        for snapshot in ActionStatusSnapshot.objects.filter(date__in=past)
    }
    missing = [end for end in past if end not in stored]
    if now is None:
        missing.append(today)
    if missing:
        counts = Action.objects.aggregate(**_week_aggregates(missing))
        counted = [
            ChartWeek(
                end=end,
                complete=counts[f"week{i}_c"],
                on_track=counts[f"week{i}_t"],
                overdue=counts[f"week{i}_o"],
            )
            for i, end in enumerate(missing)
        ]
        if now is None:
            now = counted.pop()
        ActionStatusSnapshot.objects.bulk_create(
            [
                ActionStatusSnapshot(
                    date=week.end,
                    complete=week.complete,
                    on_track=week.on_track,
                    overdue=week.overdue,
                )
                for week in counted
            ],
            ignore_conflicts=True,  # another request may have recorded the same day meanwhile
        )
        stored.update({week.end: week for week in counted})
    return [stored[end] for end in past] + [now]


class CountOf(Subquery):
    """COUNT of a queryset's rows as a scalar subquery, so that figures from unrelated tables
    come back from the database in one query (see `figures`)."""

    def __init__(self, queryset):
        counted = (
            queryset.order_by()
            .annotate(
                _n=Func(
                    F("pk"),
                    function="COUNT",
                    template="COUNT(DISTINCT %(expressions)s)",
                    output_field=IntegerField(),
                )
            )
            .values("_n")
        )
        super().__init__(counted, output_field=IntegerField())


def figures(user, **counts: CountOf) -> dict[str, int]:
    """Evaluate named CountOf expressions in a single query (selected beside the user's row)."""
    if not counts:
        return {}
    return get_user_model().objects.filter(pk=user.pk).values(**counts).get()


def my_action_counts(user, today: datetime.date | None = None, **extra: CountOf) -> dict[str, int]:
    """The user's open, overdue and due-soon (within AMBER_DAYS) actions, the shortfall findings
    no action answers, the plans returned to them for changes, and any `extra` figures: one
    query."""
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


def returned_plans(user, annotated: bool = True):
    """Plans returned for changes that the user drafted or has actions in (with the action
    counts of for_list unless `annotated` is False)."""
    mine = Q(created_by=user) | Q(pk__in=Action.objects.filter(owner=user).values("plan_id"))
    plans = ActionPlan.objects.filter(status=ActionPlan.Status.RETURNED).filter(mine)
    return plans.for_list() if annotated else plans


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


@dataclass
class Bar:
    x: float
    y: float
    height: float
    css: str
    label: str


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]
    labels: list[tuple[float, str]]
    bar_width: float
    plot_bottom: float
    plot_left: float


def chart_geometry(weeks: list[ChartWeek], width: int = 640, height: int = 240) -> Chart:
    """Stacked bars (complete, on track, overdue) for an inline SVG. Pure arithmetic."""
    left, right, top, bottom = 40, 10, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([w.total for w in weeks] + [1])
    step = max(1, -(-peak // 4))  # ceil(peak / 4): four gridlines at most
    top_value = step * -(-peak // step)
    slot = plot_w / max(len(weeks), 1)
    bar_w = slot * 0.7
    bars = []
    labels = []
    for i, week in enumerate(weeks):
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        for value, css, name in (
            (week.complete, "complete", "complete"),
            (week.on_track, "on-track", "open, on time"),
            (week.overdue, "overdue", "overdue"),
        ):
            h = plot_h * value / top_value
            y -= h
            if value:
                bars.append(
                    Bar(
                        x=round(x, 1),
                        y=round(y, 1),
                        height=round(h, 1),
                        css=css,
                        label=f"Week to {week.end:%d %b}: {value} {name}",
                    )
                )
        if (len(weeks) - 1 - i) % 2 == 0:
            labels.append((round(x + bar_w / 2, 1), f"{week.end:%d %b}"))
    ticks = [
        (round(top + plot_h - plot_h * v / top_value, 1), v) for v in range(0, top_value + 1, step)
    ]
    return Chart(
        width=width,
        height=height,
        bars=bars,
        ticks=ticks,
        labels=labels,
        bar_width=round(bar_w, 1),
        plot_bottom=top + plot_h,
        plot_left=left,
    )


# --- statement and finding panels ------------------------------------------------------------


def statement_actions(assessment, statement, today: datetime.date | None = None):
    """Actions answering any finding of the statement (one query, RAG annotated)."""
    return (
        Action.objects.filter(
            findings__topic__assessment=assessment, findings__topic__statement=statement
        )
        .distinct()
        .select_related("owner", "plan")
        .with_rag(today)
        .order_by("due_date", "pk")
    )


def statement_unanswered(assessment, statement):
    return (
        unanswered_shortfalls()
        .filter(topic__assessment=assessment, topic__statement=statement)
        .order_by("topic__order", "order", "pk")
    )


def finding_actions(finding, today: datetime.date | None = None):
    return (
        finding.actions.select_related("owner", "plan", "review")
        .with_rag(today)
        .order_by("due_date", "pk")
    )


# --- "You said, we did" ----------------------------------------------------------------------


def _answered_by():
    return Prefetch(
        "actions",
        queryset=Action.objects.filter(status=Action.Status.COMPLETE)
        .select_related("review", "plan")
        .order_by("completed_on", "pk"),
        to_attr="completed_actions",
    )


def you_said_we_did(organisation) -> dict:
    """Complaint categories and findings of the organisation that completed actions answered,
    each with those actions and their review outcome (three queries per kind)."""
    categories = list(
        ComplaintCategory.objects.filter(
            organisation=organisation, actions__status=Action.Status.COMPLETE
        )
        .distinct()
        .annotate(complaint_count=Count("complaints", distinct=True))
        .prefetch_related(_answered_by())
        .order_by("name")
    )
    findings = list(
        Finding.objects.filter(
            topic__assessment__organisation=organisation,
            actions__status=Action.Status.COMPLETE,
        )
        .distinct()
        .select_related("topic__statement", "topic__assessment")
        .prefetch_related(_answered_by())
        .order_by("topic__assessment__pk", "topic__statement__order", "topic__order", "order", "pk")
    )
    return {"categories": categories, "findings": findings}


def plan_actions(plan: ActionPlan, today: datetime.date | None = None):
    return (
        Action.objects.filter(plan=plan)
        .for_list(today)
        .select_related("follow_up_of")
        .order_by("due_date", "pk")
    )


__all__ = [
    "AMBER_DAYS",
    "action_dashboard",
    "chart_geometry",
    "figures",
    "finding_actions",
    "managers",
    "organisation_plans",
    "plan_actions",
    "returned_plans",
    "statement_actions",
    "statement_unanswered",
    "status_over_time",
    "unanswered_shortfalls",
    "you_said_we_did",
]

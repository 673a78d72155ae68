"""The action status of past days, for the dashboard's chart: read, never written.

A past day's figures are read from its ActionStatusSnapshot rows (one per organisation),
recorded once that day is over by `manage.py record_action_snapshots` (services.snapshots), so
each keeps what was true then. A day not recorded (the command has not run yet) is counted from
the actions' dates, without writing. Today is always live. `organisation_ids` limits every
figure to those organisations (tenancy.organisation_ids(user)); None counts them all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from actions.models import Action, ActionStatusSnapshot


@dataclass
class ChartWeek:
    end: datetime.date
    complete: int
    on_track: int
    overdue: int

    @property
    def total(self) -> int:
        return self.complete + self.on_track + self.overdue


def _day_aggregates(days: list[datetime.date]) -> dict:
    """For each of `days`: how many actions existed at its end and were complete, open and on
    time, or open and overdue, reconstructed from created_at, completed_on and due_date as
    conditional counts."""
    aggregates = {}
    for i, day in enumerate(days):
        # "Created on or before `day`" as a plain timestamp comparison: created_at__date would
        # convert every row's timestamp to a local date, three times per day per row.
        next_midnight = timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
        )
        existed = Q(created_at__lt=next_midnight)
        done = Q(completed_on__isnull=False, completed_on__lte=day)
        aggregates[f"day{i}_c"] = Count("pk", filter=existed & done)
        aggregates[f"day{i}_o"] = Count("pk", filter=existed & ~done & Q(due_date__lt=day))
        aggregates[f"day{i}_t"] = Count("pk", filter=existed & ~done & Q(due_date__gte=day))
    return aggregates


def _weeks(days: list[datetime.date], counts: dict) -> list[ChartWeek]:
    return [
        ChartWeek(
            end=day,
            complete=counts[f"day{i}_c"],
            on_track=counts[f"day{i}_t"],
            overdue=counts[f"day{i}_o"],
        )
        for i, day in enumerate(days)
    ]


def _in_scope(queryset, organisation_ids: list[int] | None):
    return queryset if organisation_ids is None else queryset.in_organisations(organisation_ids)


def count_days(
    days: list[datetime.date], organisation_ids: list[int] | None = None
) -> list[ChartWeek]:
    """The status at the end of each of `days`, counted from the actions' dates (one query)."""
    if not days:
        return []
    actions = _in_scope(Action.objects.all(), organisation_ids)
    return _weeks(days, actions.aggregate(**_day_aggregates(days)))


def count_days_by_organisation(days: list[datetime.date]) -> dict[int, list[ChartWeek]]:
    """count_days for each organisation that has actions: {organisation id: weeks} (one
    query, grouped by organisation)."""
    if not days:
        return {}
    rows = Action.objects.order_by().values("plan__organisation").annotate(**_day_aggregates(days))
    return {row["plan__organisation"]: _weeks(days, row) for row in rows}


def status_over_time(
    *,
    today: datetime.date,
    weeks: int = 12,
    now: ChartWeek | None = None,
    organisation_ids: list[int] | None = None,
) -> list[ChartWeek]:
    """The chart: for each of the last `weeks` week-ends (the last is today), how many actions
    were complete, open and on time, and open and overdue. Past week-ends as recorded (else
    counted from the dates, not recorded); today live: `now` when the caller has already
    counted it, else counted here."""
    ends = [today - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    past = ends[:-1]
    recorded = (
        _in_scope(ActionStatusSnapshot.objects.filter(date__in=past), organisation_ids)
        .order_by()
        .values("date")
        .annotate(c=Sum("complete"), t=Sum("on_track"), o=Sum("overdue"))
    )
    known = {row["date"]: ChartWeek(row["date"], row["c"], row["t"], row["o"]) for row in recorded}
    missing = [end for end in past if end not in known]
    counted = count_days(missing + ([] if now is not None else [today]), organisation_ids)
    if now is None:
        now = counted.pop()
    known.update({week.end: week for week in counted})
    return [known[end] for end in past] + [now]

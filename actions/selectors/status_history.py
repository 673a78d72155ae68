"""The action status of past days, for the dashboard's chart: read, never written.

A past day's figures are read from its ActionStatusSnapshot, recorded once that day is over by
`manage.py record_action_snapshots` (services.snapshots), so each keeps what was true then. A
day not recorded (the command has not run yet) is counted from the actions' dates, without
writing. Today is always live.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
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


def count_days(days: list[datetime.date]) -> list[ChartWeek]:
    """The status at the end of each of `days`, counted from the actions' dates (one query)."""
    if not days:
        return []
    counts = Action.objects.aggregate(**_day_aggregates(days))
    return [
        ChartWeek(
            end=day,
            complete=counts[f"day{i}_c"],
            on_track=counts[f"day{i}_t"],
            overdue=counts[f"day{i}_o"],
        )
        for i, day in enumerate(days)
    ]


def status_over_time(
    *, today: datetime.date, weeks: int = 12, now: ChartWeek | None = None
) -> list[ChartWeek]:
    """The chart: for each of the last `weeks` week-ends (the last is today), how many actions
    were complete, open and on time, and open and overdue. Past week-ends as recorded (else
    counted from the dates, not recorded); today live: `now` when the caller has already
    counted it, else counted here."""
    ends = [today - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    past = ends[:-1]
    known = {
        snapshot.date: ChartWeek(
            snapshot.date, snapshot.complete, snapshot.on_track, snapshot.overdue
        )
        for snapshot in ActionStatusSnapshot.objects.filter(date__in=past)
    }
    missing = [end for end in past if end not in known]
    counted = count_days(missing + ([] if now is not None else [today]))
    if now is None:
        now = counted.pop()
    known.update({week.end: week for week in counted})
    return [known[end] for end in past] + [now]

"""Recording the dashboard chart's history: what was true at the end of each past day.

The dashboard reads these rows and never writes them (actions.selectors.status_history); this
is run by `manage.py record_action_snapshots`, daily, by cron or a job runner.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from actions.models import ActionStatusSnapshot
from actions.selectors.status_history import count_days

# The chart shows 12 weeks: a first run records as far back (later runs, the day before).
DAYS_KEPT = 12 * 7


@transaction.atomic
def record_action_snapshots(
    *, today: datetime.date | None = None, days: int = DAYS_KEPT
) -> list[datetime.date]:
    """Record the action status at the end of each of the last `days` days before today that
    has no snapshot yet, counted from the actions' dates (one query). Today is never recorded:
    it is not over. Idempotent: a day once recorded keeps its figures. Returns the days
    recorded."""
    today = today or timezone.localdate()
    wanted = [today - datetime.timedelta(days=n) for n in range(days, 0, -1)]
    recorded = set(
        ActionStatusSnapshot.objects.filter(date__in=wanted).values_list("date", flat=True)
    )
    missing = [day for day in wanted if day not in recorded]
    ActionStatusSnapshot.objects.bulk_create(
        [
            ActionStatusSnapshot(
                date=week.end,
                complete=week.complete,
                on_track=week.on_track,
                overdue=week.overdue,
            )
            for week in count_days(missing)
        ],
        ignore_conflicts=True,  # a run at the same moment recorded the same day
    )
    return missing

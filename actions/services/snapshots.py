"""Recording the dashboard chart's history: what was true at the end of each past day, for each
organisation.

The dashboard reads these rows and never writes them (actions.selectors.status_history); this
is run by `manage.py record_action_snapshots`, daily, by cron or a job runner.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from actions.models import ActionStatusSnapshot
from actions.selectors.status_history import ChartWeek, count_days_by_organisation
from assessment.models import Organisation

# The chart shows 12 weeks: a first run records as far back (later runs, the day before).
DAYS_KEPT = 12 * 7


@transaction.atomic
def record_action_snapshots(
    *, today: datetime.date | None = None, days: int = DAYS_KEPT
) -> list[datetime.date]:
    """Record each organisation's action status at the end of each of the last `days` days
    before today that it has no snapshot of yet, counted from the actions' dates (one query;
    an organisation without actions gets zeros). Today is never recorded: it is not over.
    Idempotent: a day once recorded keeps its figures. Returns the days recorded (for any
    organisation)."""
    today = today or timezone.localdate()
    wanted = [today - datetime.timedelta(days=n) for n in range(days, 0, -1)]
    recorded = set(
        ActionStatusSnapshot.objects.filter(date__in=wanted).values_list("organisation_id", "date")
    )
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    missing = sorted({day for day in wanted for org in organisations if (org, day) not in recorded})
    counted = count_days_by_organisation(missing)
    nothing = [ChartWeek(day, 0, 0, 0) for day in missing]
    ActionStatusSnapshot.objects.bulk_create(
        [
            ActionStatusSnapshot(
                organisation_id=org,
                date=week.end,
                complete=week.complete,
                on_track=week.on_track,
                overdue=week.overdue,
            )
            for org in organisations
            for week in counted.get(org, nothing)
            if (org, week.end) not in recorded
        ],
        ignore_conflicts=True,  # a run at the same moment recorded the same day
    )
    return missing

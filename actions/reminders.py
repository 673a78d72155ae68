"""The actions' part of the daily digest (notifications.digest): each owner's overdue open
actions and those due in the next week, registered as two sections in ActionsConfig.ready()."""

from __future__ import annotations

import datetime
from collections import defaultdict

from actions.models import Action
from notifications.digest import DigestLine

DUE_SOON_DAYS = 7


def _open_actions(today: datetime.date):
    """Open actions of approved plans due by a week from today, whose owner is active and
    an active member of the action's organisation (whom reminders may be sent to)."""
    return (
        Action.objects.open()
        .owned_by_members()
        .filter(
            due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            plan__status="approved",
            owner__is_active=True,
        )
        .select_related("plan")
        .order_by("owner_id", "due_date", "pk")
    )


def _lines(actions) -> dict[int, list[DigestLine]]:
    lines: dict[int, list[DigestLine]] = defaultdict(list)
    for action in actions:
        lines[action.owner_id].append(
            DigestLine(
                text=f"{action.title} ({action.get_status_display()}; plan: {action.plan.title})",
                url=action.get_absolute_url(),
                due=action.due_date,
            )
        )
    return dict(lines)


def overdue(today: datetime.date) -> dict[int, list[DigestLine]]:
    """Each owner's open actions past their due date (one query)."""
    return _lines(_open_actions(today).filter(due_date__lt=today))


def due_soon(today: datetime.date) -> dict[int, list[DigestLine]]:
    """Each owner's open actions due today or in the next DUE_SOON_DAYS days (one query)."""
    return _lines(_open_actions(today).filter(due_date__gte=today))

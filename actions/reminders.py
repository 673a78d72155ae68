"""Daily e-mail digests: each owner gets one message listing their overdue actions and those
due in the next week. A ReminderSent row per owner per day stops a second digest that day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from actions.models import Action, ReminderSent

DUE_SOON_DAYS = 7


@dataclass
class Digest:
    owner: object
    overdue: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)


def digests(today: datetime.date) -> list[Digest]:
    """One digest per owner who has overdue or soon-due open actions and no digest today
    (one query). Only actions of organisations the owner is an active member of."""
    already = ReminderSent.objects.filter(date=today).values("user_id")
    actions = (
        Action.objects.open()
        .owned_by_members()
        .filter(
            due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            plan__status="approved",
            owner__is_active=True,
        )
        .exclude(owner_id__in=already)
        .select_related("owner", "plan")
        .order_by("owner_id", "due_date", "pk")
    )
    result = []
    for _, group in groupby(actions, key=lambda a: a.owner_id):
        group = list(group)
        digest = Digest(owner=group[0].owner)
        for action in group:
            (digest.overdue if action.due_date < today else digest.due_soon).append(action)
        result.append(digest)
    return result


def _subject(digest: Digest) -> str:
    parts = []
    if digest.overdue:
        parts.append(f"{len(digest.overdue)} overdue")
    if digest.due_soon:
        parts.append(f"{len(digest.due_soon)} due within {DUE_SOON_DAYS} days")
    return "Your actions: " + ", ".join(parts)


def send_digests(*, today: datetime.date, base_url: str = "") -> tuple[int, list[str]]:
    """Send today's digests; returns (how many sent, owners skipped for want of an address)."""
    sent, skipped = 0, []
    for digest in digests(today):
        owner = digest.owner
        if not owner.email:
            skipped.append(owner.get_username())
            continue
        context = {"digest": digest, "today": today, "base_url": base_url.rstrip("/")}
        count = len(digest.overdue) + len(digest.due_soon)
        try:
            with transaction.atomic():
                # Recorded first: a concurrent run fails here instead of sending twice; if the
                # mail fails the row is rolled back and tomorrow's (or a re-)run tries again.
                ReminderSent.objects.create(user=owner, date=today, action_count=count)
                send_mail(
                    subject=_subject(digest),
                    message=render_to_string("actions/email/reminder.txt", context),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[owner.email],
                )
        except IntegrityError:
            continue
        sent += 1
    return sent, skipped

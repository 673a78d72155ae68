"""The complaints' part of the daily run (notifications.digest.register_notices): each open
complaint whose agreed response date is at most 3 working days away tells its investigating
officer, once per complaint and response date (a second run, or the next day's, tells no one
again; a new agreed date is a new notice)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.apps import apps

from complaints.bank_holidays import ensure_dates
from complaints.models import Complaint
from complaints.models.clock import add_working_days
from core.people import display_name
from notifications import kinds
from notifications.services import notify

DUE_WITHIN_WORKING_DAYS = 3


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


def _officers(organisation_ids) -> dict[tuple[int, str], int | None]:
    """{(organisation id, name): user id} of the active members of these organisations, by
    full name and by username (None where two members share it: nobody is guessed). The
    complaint names its investigating officer in words (imported complaints do too)."""
    memberships = apps.get_model("assessment", "Membership").objects.filter(
        organisation_id__in=organisation_ids, is_active=True, user__is_active=True
    )
    found: dict[tuple[int, str], set[int]] = defaultdict(set)
    for org_id, user_id, first, last, username in memberships.values_list(
        "organisation_id", "user_id", "user__first_name", "user__last_name", "user__username"
    ):
        for name in {display_name(first, last, username), username}:
            found[(org_id, _normal(name))].add(user_id)
    return {key: (ids.pop() if len(ids) == 1 else None) for key, ids in found.items()}


def response_due_notices(today: datetime.date) -> int:
    """Tell the investigating officer of each open complaint due within 3 working days (not
    already overdue) that its response is due; how many were told (two queries, plus the
    notices)."""
    ensure_dates([today, today + datetime.timedelta(days=DUE_WITHIN_WORKING_DAYS * 2 + 14)])
    last = add_working_days(today, DUE_WITHIN_WORKING_DAYS)
    complaints = list(
        Complaint.objects.open()
        .filter(response_due__gte=today, response_due__lte=last)
        .exclude(investigating_officer="")
        .only("pk", "organisation_id", "reference", "response_due", "investigating_officer")
        .order_by("response_due", "pk")
    )
    officers = _officers({complaint.organisation_id for complaint in complaints})
    told = 0
    for complaint in complaints:
        officer = officers.get(
            (complaint.organisation_id, _normal(complaint.investigating_officer))
        )
        if officer is None:
            continue
        told += notify(
            kinds.COMPLAINT_RESPONSE_DUE,
            [officer],
            organisation=complaint.organisation_id,
            subject=(
                f"Complaint {complaint.reference}: response due {complaint.response_due:%-d %B %Y}"
            ),
            url=complaint.get_absolute_url(),
            body="The agreed response date is within 3 working days.",
            key=f"complaint:{complaint.pk}:{complaint.response_due.isoformat()}",
        )
    return told

"""The evidence library's part of the daily digest (notifications.digest): each owner's
evidence past its review date or reaching it within REVIEW_NOTICE_DAYS, registered as a section
in FindingsConfig.ready()."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef

from assessment.models import Membership
from findings.models import Evidence
from findings.models.evidence import REVIEW_NOTICE_DAYS
from notifications.digest import DigestLine

SECTION_TITLE = f"Evidence due for review (within {REVIEW_NOTICE_DAYS} days or past)"


def evidence_due_for_review(today: datetime.date) -> dict[int, list[DigestLine]]:
    """Each owner's evidence due for review (past its date first, then soonest), when the owner
    can log in and is still an active member of the evidence's organisation (one query)."""
    member = Membership.objects.filter(
        user_id=OuterRef("owner_id"), organisation_id=OuterRef("organisation_id"), is_active=True
    )
    items = (
        Evidence.objects.due_for_review(today)
        .filter(owner__is_active=True)
        .filter(Exists(member))
        .select_related("organisation")
        .order_by("owner_id", "review_date", "title", "pk")
    )
    lines: dict[int, list[DigestLine]] = defaultdict(list)
    for item in items:
        when = "was due for review" if item.review_date < today else "is due for review"
        lines[item.owner_id].append(
            DigestLine(
                text=f"{item.title} ({item.organisation.name}) {when} on "
                f"{item.review_date:%-d %B %Y}",
                url=item.get_absolute_url(),
                due=item.review_date,
            )
        )
    return dict(lines)

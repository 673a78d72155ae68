"""The daily reminder of briefs waiting for an acknowledgement: a section of the one digest
e-mail each person gets a day (notifications.digest), beside their actions' reminders."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.urls import reverse

from assessment.models import Membership
from learning.models import AudienceMember, LearningBrief
from learning.selectors.reach import acknowledged


def outstanding_briefs(today: datetime.date) -> dict:
    """{person id: [DigestLine, ...]}: each published brief sent to the person that they have
    not acknowledged, once per brief (whatever the number of teams it reached them through),
    soonest due first; only for people still active members of the brief's organisation.
    One query."""
    from notifications.digest import DigestLine

    member = Membership.objects.filter(
        user_id=OuterRef("person_id"),
        organisation_id=OuterRef("brief__organisation_id"),
        is_active=True,
    )
    rows = (
        AudienceMember.objects.filter(
            brief__status=LearningBrief.Status.PUBLISHED, person__is_active=True
        )
        .filter(Exists(member))
        .exclude(acknowledged())
        .values_list("person_id", "brief_id", "brief__title", "brief__acknowledge_by")
        .order_by("person_id", "brief__acknowledge_by", "brief_id")
        .distinct()
    )
    lines = defaultdict(list)
    for person_id, brief_id, title, due in rows:
        late = " (overdue)" if due < today else ""
        lines[person_id].append(
            DigestLine(
                text=f"Read and acknowledge the learning brief “{title}”{late}",
                url=reverse("learning:brief-detail", args=[brief_id]),
                due=due,
            )
        )
    return dict(lines)

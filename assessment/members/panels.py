"""The organisation page's panel linking to its members (registered in AssessmentConfig)."""

from __future__ import annotations

from assessment.members import selectors, services
from core.panels import Panel


def organisation_members(request, organisation) -> Panel | None:
    user = request.user
    if not user.has_perm("assessment.view_membership", organisation):
        return None
    return Panel(
        template_name="assessment/members/_organisation_members.html",
        context={
            "organisation": organisation,
            "counts": selectors.member_counts(organisation),
            "can_add": user.has_perm(services.ADD, organisation),
        },
    )

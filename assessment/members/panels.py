"""The organisation page's panel linking to its members (registered in AssessmentConfig).
It reads nothing: the organisation page's query count stays as it was."""

from __future__ import annotations

from assessment.members import services
from core.panels import Panel


def organisation_members(request, organisation) -> Panel | None:
    user = request.user
    if not user.has_perm("assessment.view_membership", organisation):
        return None
    return Panel(
        template_name="assessment/members/_organisation_members.html",
        context={
            "organisation": organisation,
            "can_add": user.has_perm(services.ADD, organisation),
        },
    )

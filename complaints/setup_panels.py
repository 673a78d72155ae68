"""The organisation page's panel linking to its complaint categories and service areas
(registered in ComplaintsConfig.ready()). It reads nothing."""

from __future__ import annotations

from core.panels import Panel


def organisation_lists(request, organisation) -> Panel | None:
    user = request.user
    if not user.has_perm("complaints.view_complaintcategory", organisation):
        return None
    return Panel(
        template_name="complaints/setup/_organisation_lists.html",
        context={
            "organisation": organisation,
            "can_change": user.has_perm("complaints.change_complaintcategory", organisation),
        },
    )

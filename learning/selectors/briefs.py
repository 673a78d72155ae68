"""Reads of the brief pages: a brief with what its page shows, the sources to start a brief
from, the organisations whose learning report the user may read."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.utils import timezone

from actions.models import Action
from assessment.models import Organisation
from complaints.models import Complaint
from learning.models import (
    Acknowledgement,
    AudienceMember,
    EffectivenessCheck,
    LearningBrief,
    SARRecommendation,
)
from learning.selectors.reach import reach

SOURCES_SHOWN = 25


def report_organisations(user):
    return Organisation.objects.for_user(user, "learning.view_learningbrief").order_by("name")


def sources_to_brief(user) -> dict[str, list]:
    """Open SAR recommendations and the latest complaints with learning identified, of the
    organisations where the user may draft briefs (findings: from the finding's page)."""
    perm = "learning.add_learningbrief"
    recommendations = (
        SARRecommendation.objects.for_user(user, perm)
        .exclude(status=SARRecommendation.Status.CLOSED)
        .select_related("review__organisation")
        .order_by("-review__published", "number", "pk")[:SOURCES_SHOWN]
    )
    complaints = (
        Complaint.objects.for_user(user, perm)
        .exclude(learning="")
        .select_related("organisation")
        .order_by("-date_received", "-pk")[:SOURCES_SHOWN]
    )
    return {"recommendations": list(recommendations), "complaints": list(complaints)}


def brief_page(user):
    """Briefs of the user's organisations with what their page shows."""
    checks = EffectivenessCheck.objects.select_related(
        "recorded_by", "follow_up_action", "follow_up_brief"
    ).order_by("-date", "-pk")
    return (
        LearningBrief.objects.for_user(user)
        .select_related(
            "organisation",
            "recommendation__review",
            "complaint",
            "finding__topic__statement",
            "published_by",
            "created_by",
            "rebrief_of",
        )
        .prefetch_related(
            "audience_people",
            "attachments",
            Prefetch("actions", queryset=_actions()),
            Prefetch("checks", queryset=checks),
        )
    )


def _actions():
    return Action.objects.select_related("plan").order_by("title", "pk")


def brief_context(brief: LearningBrief, user) -> dict:
    """What the brief's page shows the user: whether it was sent to them and their
    acknowledgement, the overall reach (counts only), what they may do."""
    sent = brief.is_published and AudienceMember.objects.filter(brief=brief, person=user).exists()
    mine = Acknowledgement.objects.filter(brief=brief, person=user).first() if sent else None
    return {
        "organisation": brief.organisation,
        "sent_to_me": sent,
        "my_acknowledgement": mine,
        "reach": reach(brief, timezone.localdate()).overall if brief.is_published else None,
        # Today's members of each team (a published brief's audience was fixed when sent).
        "teams": brief.audience_teams.annotate(size=Count("members")).order_by("name", "pk"),
        "can_edit": not brief.is_published
        and user.has_perm("learning.change_learningbrief", brief),
        "can_publish": not brief.is_published
        and user.has_perm("learning.publish_learningbrief", brief),
        "can_see_reach": brief.is_published and user.has_perm("learning.view_reach", brief),
        "can_check": brief.is_published and user.has_perm("learning.add_effectivenesscheck", brief),
    }

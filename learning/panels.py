"""What learning adds to other apps' pages (registered in LearningConfig.ready())."""

from __future__ import annotations

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone

from core.panels import Panel
from learning.models import Acknowledgement, AudienceMember, EffectivenessCheck, LearningBrief
from learning.selectors.reach import with_reach

# A published brief is "low reach" while fewer than this percentage acknowledged it.
LOW_REACH_PERCENT = 50
SHOWN = 5
LOW_REACH = Q(acknowledged_count__lt=F("audience_count") * LOW_REACH_PERCENT / 100.0)


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def dashboard_learning(request, _obj) -> Panel | None:
    """Briefs with low reach and checks overdue, of the user's organisations, and how many
    briefs wait for the user's own acknowledgement: counted in one query; the two short
    lists are read only when they have something to show."""
    user = request.user
    if not user.has_perm("learning.view_learningbrief"):
        return None
    today = timezone.localdate()
    published = Q(status=LearningBrief.Status.PUBLISHED)
    sent = AudienceMember.objects.filter(brief_id=OuterRef("pk"), person=user)
    done = Acknowledgement.objects.filter(brief_id=OuterRef("pk"), person=user)
    checked = EffectivenessCheck.objects.filter(brief_id=OuterRef("pk"))
    briefs = with_reach(LearningBrief.objects.for_user(user)).annotate(
        is_low=_flag(published & Q(audience_count__gt=0) & LOW_REACH),
        is_overdue=_flag(published & ~Q(Exists(checked)) & Q(check_due__lt=today)),
        is_mine=_flag(published & Q(Exists(sent)) & ~Q(Exists(done))),
    )
    counts = briefs.aggregate(
        total=Count("pk"),
        low=Count("pk", filter=Q(is_low=True)),
        overdue=Count("pk", filter=Q(is_overdue=True)),
        mine=Count("pk", filter=Q(is_mine=True)),
    )
    low, overdue = Q(is_low=True), Q(is_overdue=True)
    if not counts["total"]:
        return None
    return Panel(
        template_name="learning/_dashboard.html",
        context={
            "low_reach": list(briefs.filter(low).order_by("acknowledge_by", "pk")[:SHOWN])
            if counts["low"]
            else [],
            "checks_overdue": list(briefs.filter(overdue).order_by("check_due", "pk")[:SHOWN])
            if counts["overdue"]
            else [],
            "to_acknowledge": counts["mine"],
            "threshold": LOW_REACH_PERCENT,
            "today": today,
        },
    )


def finding_brief_link(request, finding) -> Panel | None:
    """A link to write a learning brief from the finding (no query: the role is read once per
    request; the brief's page checks the organisation)."""
    if not request.user.has_perm("learning.add_learningbrief"):
        return None
    return Panel(template_name="learning/_finding_link.html", context={"finding": finding})


def organisation_learning_link(request, organisation) -> Panel | None:
    """The organisation's learning report and briefs (no query)."""
    if not request.user.has_perm("learning.view_learningbrief"):
        return None
    return Panel(
        template_name="learning/_organisation_link.html", context={"organisation": organisation}
    )

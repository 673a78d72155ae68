"""What learning adds to other apps' pages (registered in LearningConfig.ready())."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from core.panels import Panel
from learning.models import Acknowledgement, AudienceMember, LearningBrief
from learning.selectors.reach import with_reach

# A published brief is "low reach" while fewer than this percentage acknowledged it.
LOW_REACH_PERCENT = 50
SHOWN = 5


def dashboard_learning(request, _obj) -> Panel | None:
    """Briefs with low reach and checks overdue, of the user's organisations; and how many
    briefs wait for the user's own acknowledgement."""
    user = request.user
    if not user.has_perm("learning.view_learningbrief"):
        return None
    today = timezone.localdate()
    briefs = LearningBrief.objects.for_user(user)
    low = (
        with_reach(briefs.published())
        .filter(audience_count__gt=0)
        .filter(acknowledged_count__lt=F("audience_count") * LOW_REACH_PERCENT / 100.0)
        .order_by("acknowledge_by", "pk")
    )
    overdue = briefs.check_overdue(today).order_by("check_due", "pk")
    sent = AudienceMember.objects.filter(brief_id=OuterRef("pk"), person=user)
    done = Acknowledgement.objects.filter(brief_id=OuterRef("pk"), person=user)
    mine = briefs.published().filter(Exists(sent)).exclude(Exists(done)).count()
    low, overdue = list(low[:SHOWN]), list(overdue[:SHOWN])
    if not (low or overdue or mine or briefs.exists()):
        return None
    return Panel(
        template_name="learning/_dashboard.html",
        context={
            "low_reach": low,
            "checks_overdue": overdue,
            "to_acknowledge": mine,
            "threshold": LOW_REACH_PERCENT,
            "today": today,
        },
    )

"""What a manager of organisation B tries on A's learning records, for
tests/test_tenancy_services.py (each must raise PermissionDenied and change nothing)."""

import datetime

from learning.models import LearningBrief, SafeguardingAdultsReview, SARRecommendation, Team
from learning.services import briefs, checks, reviews, teams

TODAY = datetime.date.today()

WRITES = {
    "add team": lambda w, u: teams.save_team(
        team=Team(organisation=w["a"]["organisation"], name="Sneaky"), user=u, members=[]
    ),
    "edit team": lambda w, u: teams.save_team(
        team=Team.objects.get(pk=w["a"]["team"].pk), user=u, members=[]
    ),
    "record SAR": lambda w, u: reviews.save_review(
        review=SafeguardingAdultsReview(
            organisation=w["a"]["organisation"],
            title="Sneaky",
            board="Board",
            published=datetime.date(2025, 1, 1),
            summary="Sneaky",
        ),
        user=u,
    ),
    "edit SAR": lambda w, u: reviews.save_review(
        review=SafeguardingAdultsReview.objects.get(pk=w["a"]["sar"].pk), user=u
    ),
    "add recommendation": lambda w, u: reviews.save_recommendation(
        recommendation=SARRecommendation(
            review=w["a"]["sar"], number=9, text="Sneaky", owner=w["a"]["recommendation"].owner
        ),
        user=u,
    ),
    "edit recommendation": lambda w, u: reviews.save_recommendation(
        recommendation=SARRecommendation.objects.get(pk=w["a"]["recommendation"].pk), user=u
    ),
    "draft brief": lambda w, u: briefs.save_brief(
        brief=LearningBrief(
            organisation=w["a"]["organisation"],
            recommendation=w["a"]["recommendation"],
            title="Sneaky",
            what_happened="x",
            what_to_do="y",
            acknowledge_by=TODAY,
            check_due=TODAY,
        ),
        user=u,
    ),
    "edit brief": lambda w, u: briefs.save_brief(
        brief=LearningBrief.objects.get(pk=w["a"]["draft_brief"].pk), user=u
    ),
    "publish brief": lambda w, u: briefs.publish_brief(brief=w["a"]["draft_brief"], user=u),
    "acknowledge brief": lambda w, u: briefs.acknowledge(brief=w["a"]["brief"], user=u),
    "record check": lambda w, u: checks.record_check(
        brief=w["a"]["brief"],
        user=u,
        date=TODAY,
        method="practice_observation",
        result="embedded",
        evidence="Sneaky",
    ),
}

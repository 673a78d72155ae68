"""The demo shows learning at work: teams, a SAR, a published brief partly acknowledged."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from learning.models import LearningBrief, SafeguardingAdultsReview, Team
from learning.selectors.reach import reach

pytestmark = pytest.mark.django_db


def test_the_demo_has_teams_a_sar_and_a_brief_with_some_acknowledgements(cqc_framework):
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # twice: nothing duplicated
    assert Team.objects.count() == 3
    review = SafeguardingAdultsReview.objects.get()
    assert review.recommendations.count() == 2
    published = LearningBrief.objects.published().get()
    result = reach(published, timezone.localdate(), outstanding=True)
    assert (result.overall.acknowledged, result.overall.audience) == (3, 7)
    assert result.overall.overdue == 4
    assert LearningBrief.objects.filter(status="draft").count() == 1

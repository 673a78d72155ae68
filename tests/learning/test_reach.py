"""Reach of a published brief, counted against the audience fixed at publishing."""

import datetime

import pytest
from django.utils import timezone

from learning.models import AudienceMember, LearningBrief
from learning.selectors.reach import percent, reach, with_reach
from tests.factories import UserFactory, make_member
from tests.learning.factories import BriefFactory, acknowledge, team_of

pytestmark = pytest.mark.django_db


def by_label(result):
    return {row.label: (row.acknowledged, row.audience, row.percent) for row in result.teams}


def test_three_teams_of_twenty_read_0_then_25_percent_per_team_and_overall(
    organisation, three_teams
):
    brief = BriefFactory(organisation=organisation, teams=three_teams, published=True)
    today = timezone.localdate()
    before = reach(brief, today)
    assert (before.overall.acknowledged, before.overall.audience, before.overall.percent) == (
        0,
        20,
        0,
    )
    assert {row.percent for row in before.teams} == {0}
    # One of the 4, two of each 8: 5 of 20.
    for team, count in zip(three_teams, (1, 2, 2), strict=True):
        for person in team.members.order_by("pk")[:count]:
            acknowledge(brief, person)
    after = reach(brief, today, outstanding=True)
    assert (after.overall.acknowledged, after.overall.audience, after.overall.percent) == (
        5,
        20,
        25,
    )
    assert by_label(after) == {
        "Deaf services": (2, 8, 25),
        "Front door": (2, 8, 25),
        "Hospital Discharge and Reablement": (1, 4, 25),
    }
    assert len(after.overall.outstanding) == 15
    assert [len(row.outstanding) for row in after.teams] == [6, 6, 3]
    acknowledged = set(brief.acknowledgements.values_list("person_id", flat=True))
    assert not acknowledged & {person.pk for person in after.overall.outstanding}
    listed = with_reach(LearningBrief.objects.filter(pk=brief.pk)).get()
    assert (listed.acknowledged_count, listed.audience_count) == (5, 20)


def test_the_audience_is_the_one_fixed_at_publishing(organisation, three_teams):
    brief = BriefFactory(organisation=organisation, teams=three_teams[:1], published=True)
    newcomer = UserFactory()
    make_member(newcomer, organisation, "officer")
    three_teams[0].members.add(newcomer)
    three_teams[0].members.remove(three_teams[0].members.order_by("pk").first())
    assert reach(brief, timezone.localdate()).overall.audience == 4
    assert not AudienceMember.objects.filter(brief=brief, person=newcomer).exists()


def test_a_person_in_two_teams_and_named_counts_in_each_team_and_once_overall(organisation):
    one, two = team_of(organisation, "One", 2), team_of(organisation, "Two", 2)
    both = one.members.first()
    two.members.add(both)
    named = UserFactory()
    make_member(named, organisation, "viewer")
    brief = BriefFactory(
        organisation=organisation, teams=[one, two], people=[both, named], published=True
    )
    acknowledge(brief, both)
    result = reach(brief, timezone.localdate())
    assert by_label(result) == {"One": (1, 2, 50), "Two": (1, 3, 33), "Named people": (0, 1, 0)}
    assert (result.overall.acknowledged, result.overall.audience) == (1, 5)


def test_overdue_and_median_days_to_acknowledge(organisation):
    team = team_of(organisation, "Reablement", 4)
    published = timezone.now() - datetime.timedelta(days=30)
    brief = BriefFactory(
        organisation=organisation,
        teams=[team],
        published=published,
        acknowledge_by=timezone.localdate() - datetime.timedelta(days=16),
    )
    people = list(team.members.order_by("pk"))
    for person, days in zip(people, (1, 3, 10), strict=False):
        acknowledge(brief, person, at=published + datetime.timedelta(days=days))
    result = reach(brief, timezone.localdate(), outstanding=True)
    assert result.overall.overdue == 1
    assert result.overall.median_days == 3
    assert result.teams[0].outstanding == [people[3]]
    # Before the date to acknowledge by, nobody is overdue.
    assert reach(brief, brief.acknowledge_by).overall.overdue == 0


def test_percent_rounds_half_up():
    assert [percent(1, 8), percent(1, 3), percent(0, 0)] == [13, 33, None]

"""The daily digest's section of briefs to acknowledge: only the outstanding people, each brief
once, read in one query."""

import datetime

import pytest
from django.utils import timezone

from learning.reminders import outstanding_briefs
from tests.factories import make_member
from tests.learning.factories import BriefFactory, acknowledge, team_of

pytestmark = pytest.mark.django_db


def test_only_outstanding_people_are_reminded_once_per_brief(
    organisation, django_assert_num_queries
):
    one, two = team_of(organisation, "One", 3), team_of(organisation, "Two", 2)
    people = list(one.members.order_by("pk"))
    two.members.add(people[0])  # sent it through two teams: reminded once
    brief = BriefFactory(organisation=organisation, teams=[one, two], published=True)
    BriefFactory(organisation=organisation, teams=[one])  # a draft reminds nobody
    acknowledge(brief, people[1])
    make_member(people[2], organisation, "officer", is_active=False)  # left the organisation
    today = timezone.localdate()
    with django_assert_num_queries(1):
        lines = outstanding_briefs(today)
    expected = {people[0].pk, *two.members.exclude(pk=people[0].pk).values_list("pk", flat=True)}
    assert set(lines) == expected
    assert lines[people[0].pk][0].url == brief.get_absolute_url()
    assert [len(found) for found in lines.values()] == [1, 1, 1]
    assert lines[people[0].pk][0].due == brief.acknowledge_by
    late = outstanding_briefs(brief.acknowledge_by + datetime.timedelta(days=1))
    assert "(overdue)" in late[people[0].pk][0].text

"""The annual complaints report no longer misleads (the issue "Working at speed"): a year under
way is labelled "year to date" and stops at this month; switching council does not keep a year
it has no complaints in; open complaints are not "withdrawn or undecided"; only what happened
this year is ranked."""

import datetime

import pytest
from django.urls import reverse

from assessment.roles import OFFICER
from complaints.selectors import annual_report
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import (
    ComplaintCategoryFactory,
    ComplaintFactory,
    load_bank_holidays,
)
from tests.factories import make_member

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def bank_holidays(db):
    load_bank_holidays()


def test_a_year_under_way_is_year_to_date_without_months_to_come():
    org = OrganisationFactory()
    ComplaintFactory(organisation=org, date_received=D(2024, 5, 2))
    report = annual_report(org, 2024, D(2024, 6, 30))
    assert report.in_progress
    assert report.label == "2024/25 year to date"
    assert [m.month for m in report.months] == [D(2024, 4, 1), D(2024, 5, 1), D(2024, 6, 1)]
    # A year that is over keeps its twelve months and its plain label.
    over = annual_report(org, 2023, D(2024, 6, 30))
    assert over.label == "2023/24"
    assert len(over.months) == 12


def test_the_page_says_year_to_date(officer_client, officer):
    org = OrganisationFactory(name="Nowshire")
    make_member(officer, org, OFFICER)
    today = datetime.date.today()
    ComplaintFactory(organisation=org, date_received=today)
    year = today.year if today.month >= 4 else today.year - 1
    response = officer_client.get(
        reverse("complaints:complaints-report"), {"organisation": org.pk, "year": year}
    )
    page = response.content.decode()
    assert f"{year}/{(year + 1) % 100:02d} year to date" in page
    assert 'data-testid="year-to-date"' in page
    future = [m for m in response.context["report"].months if m.month > today]
    assert future == []


def test_switching_council_does_not_keep_a_year_it_has_no_complaints_in(officer_client, officer):
    first = OrganisationFactory(name="Firstshire")
    second = OrganisationFactory(name="Secondshire")
    make_member(officer, first, OFFICER)
    make_member(officer, second, OFFICER)
    ComplaintFactory(organisation=first, date_received=D(2023, 6, 1))
    ComplaintFactory(organisation=second, date_received=D(2021, 6, 1))
    # The page showed the first council's 2023/24; the second council is chosen on its form,
    # which sends the year shown along.
    page = officer_client.get(
        reverse("complaints:complaints-report"), {"organisation": first.pk}
    ).content.decode()
    assert f'name="shown" value="{first.pk}"' in page
    response = officer_client.get(
        reverse("complaints:complaints-report"),
        {"organisation": second.pk, "year": 2023, "shown": first.pk},
    )
    report = response.context["report"]
    assert report.organisation == second
    assert report.year == 2021
    assert report.received.current == 1
    messages = [str(m) for m in response.context["messages"]]
    assert "Secondshire has no complaints received in 2023/24: showing 2021/22." in messages


def test_only_what_happened_this_year_is_ranked():
    org = OrganisationFactory()
    comms = ComplaintCategoryFactory(organisation=org, name="Communication")
    delay = ComplaintCategoryFactory(organisation=org, name="Delay")
    ComplaintFactory(organisation=org, category=comms, date_received=D(2023, 6, 1))
    ComplaintFactory(organisation=org, category=delay, date_received=D(2022, 6, 1))
    report = annual_report(org, 2023, D(2024, 6, 30))
    assert [(r.rank, r.label, r.current) for r in report.categories] == [
        (1, "Communication", 1),
        (None, "Delay", 0),  # only the year before: listed, not ranked
    ]
    # A year with no complaints yet ranks nothing (it ranked every category "1").
    empty = annual_report(org, 2024, D(2024, 4, 2))
    assert [r.rank for r in empty.categories] == [None]


def test_open_complaints_are_not_withdrawn_or_undecided():
    org = OrganisationFactory()
    ComplaintFactory(organisation=org, date_received=D(2023, 6, 1))  # open
    ComplaintFactory(organisation=org, date_received=D(2023, 6, 2), status="closed")  # no decision
    ComplaintFactory(
        organisation=org, date_received=D(2023, 6, 3), status="closed", outcome="withdrawn"
    )
    report = annual_report(org, 2023, D(2024, 6, 30))
    assert report.withdrawn_or_undecided.current == 2
    assert report.closed_without_decision.current == 1
    assert report.awaiting_decision.current == 1
    assert report.withdrawn_or_undecided.label == "Withdrawn or closed without a decision"


def test_a_link_to_a_year_keeps_it(officer_client, officer):
    """Asked for directly (a link, not the form switching council), the year is shown."""
    org = OrganisationFactory(name="Linkshire")
    make_member(officer, org, OFFICER)
    ComplaintFactory(organisation=org, date_received=D(2021, 6, 1))
    response = officer_client.get(
        reverse("complaints:complaints-report"), {"organisation": org.pk, "year": 2023}
    )
    assert response.context["report"].year == 2023
    assert 'data-testid="no-complaints"' in response.content.decode()

"""From a Safeguarding Adults Review to a learning brief, its acknowledgement and its check for
effect, in a real Chromium: a manager records the SAR and a recommendation, drafts a brief from
it to a team and publishes it; an officer of the team acknowledges it; the manager sees the
reach, then records a check ("not embedded" is refused until a follow-up is chosen)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learning.models import Acknowledgement, EffectivenessCheck, LearningBrief
from tests.assessment.factories import OrganisationFactory
from tests.browser.axe_check import violations
from tests.factories import UserFactory, make_member
from tests.learning.factories import TeamFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def council(cqc_framework):
    council = OrganisationFactory(name="Northshire County Council")
    manager = UserFactory(username="manager", first_name="Morgan", last_name="Manager")
    make_member(manager, council, "manager")
    team = TeamFactory(organisation=council, name="Hospital Discharge and Reablement")
    people = [UserFactory(username="officer", first_name="Olu", last_name="Officer")]
    people += [
        UserFactory(username=f"practitioner{n}", first_name=first, last_name="Practitioner")
        for n, first in enumerate(["Priya", "Ray", "Sol"])
    ]
    for person in people:
        make_member(person, council, "officer")
    team.members.set(people)
    return council


def _record_sar(page, live_server):
    page.goto(f"{live_server.url}/learning/reviews/")
    page.get_by_role("link", name="Record a review").click()
    page.get_by_label("Organisation").select_option(label="Northshire County Council")
    page.get_by_label("Title").fill("SAR: Adult D")
    page.get_by_label("Safeguarding adults board").fill("Northshire Safeguarding Adults Board")
    page.get_by_label("Date published").fill("2025-05-01")
    page.get_by_label("Summary").fill("Adult D went home without his care package starting.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SAR: Adult D")
    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation").fill("Confirm on discharge day that care has started.")
    page.get_by_label("Owner").select_option(label="Morgan Manager")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Recommendation 1 saved.")).to_be_visible()


def _write_and_publish_brief(page):
    page.get_by_role("link", name="Write a learning brief").click()
    today = timezone.localdate()
    page.get_by_label("Title").fill("Confirm the care package has started")
    page.get_by_label("What happened").fill("Adult D's care never started after discharge.")
    page.get_by_label("What to do differently").fill("Phone the provider on the day.")
    page.get_by_label("Hospital Discharge and Reablement").check()
    page.get_by_label("Acknowledge by").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_label("Check date").fill((today + datetime.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").first).to_contain_text("Draft")
    page.get_by_role("button", name="Publish to its audience").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Published: 4 people were sent it to acknowledge."
    )


def test_sar_to_brief_to_acknowledgement_to_check(
    page, live_server, login, council, screenshot_dir
):
    login("manager")
    _record_sar(page, live_server)
    _write_and_publish_brief(page)
    brief = LearningBrief.objects.get()

    page.context.clear_cookies()
    login("officer")
    page.goto(f"{live_server.url}{brief.get_absolute_url()}")
    page.get_by_label("Reflection").fill("I will phone before closing the discharge.")
    page.get_by_role("button", name="I have read and understood this brief").click()
    expect(page.get_by_role("status").first).to_contain_text("your acknowledgement is recorded")
    assert Acknowledgement.objects.get().person.username == "officer"

    page.context.clear_cookies()
    login("manager")
    page.goto(f"{live_server.url}{brief.get_absolute_url()}")
    page.get_by_role("link", name="Reach by team").click()
    expect(page.locator("#overall-reach")).to_have_text("25%")
    expect(page.get_by_text("Priya Practitioner")).to_be_visible()
    page.screenshot(path=screenshot_dir / "learning-reach.png", full_page=True)
    found = violations(page)

    page.goto(f"{live_server.url}{brief.get_absolute_url()}")
    page.get_by_role("link", name="Record a check").click()
    page.get_by_label("Method").select_option(label="Practice observation")
    page.get_by_label("Result").select_option(label="Not embedded")
    page.get_by_label("Evidence").fill("Two of four observed discharges had no call.")
    page.get_by_role("button", name="Record check").click()
    expect(page.get_by_text("choose a follow-up action or draft a re-brief")).to_be_visible()
    assert not EffectivenessCheck.objects.exists()
    page.get_by_label("Draft a re-brief").check()
    page.get_by_role("button", name="Record check").click()
    expect(page.get_by_role("status").first).to_contain_text("Check recorded: not embedded.")
    expect(
        page.get_by_role("link", name="Re-brief: Confirm the care package has started")
    ).to_be_visible()
    page.screenshot(path=screenshot_dir / "learning-brief-checked.png", full_page=True)
    found += violations(page)
    page.goto(f"{live_server.url}/learning/organisations/{council.pk}/report/")
    found += violations(page)
    assert found == []

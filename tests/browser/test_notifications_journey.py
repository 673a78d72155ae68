"""Notifications in a real Chromium: an officer submits a plan, the manager sees the count in
the navigation bar, opens the notification and lands on the plan; the officer chooses the
daily digest for approvals. The pages pass axe-core, with and without notifications."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from actions import services
from actions.models import ActionPlan
from assessment.roles import MANAGER, OFFICER
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.browser.axe_check import violations
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan(cqc_framework):
    organisation = OrganisationFactory()
    officer = UserFactory(username="officer", first_name="Olu", last_name="Officer")
    manager = UserFactory(username="manager", first_name="Morgan", last_name="Manager")
    make_member(officer, organisation, OFFICER)
    make_member(manager, organisation, MANAGER)
    plan = ActionPlanFactory(
        assessment=AssessmentFactory(organisation=organisation),
        owner=manager,
        created_by=officer,
        title="Safeguarding learning plan",
    )
    ActionFactory(plan=plan, owner=officer)
    return plan


def test_a_submitted_plan_reaches_the_manager_and_preferences_are_kept(
    page, live_server, login, plan, screenshot_dir
):
    login("manager")
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    page.goto(f"{live_server.url}{reverse('notifications:notification-list')}")
    expect(page.locator("main")).to_contain_text("You have no notifications.")
    assert violations(page) == []

    services.transition_plan(plan=plan, name="submit", by=plan.created_by)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("unread-count")).to_have_text("1 unread")
    page.get_by_role("link", name="Notifications 1 unread").click()
    expect(page.locator("main")).to_contain_text("Plan submitted for approval")
    assert violations(page) == []
    page.screenshot(path=str(screenshot_dir / "notifications.png"), full_page=True)
    # The unread notification's title opens it and marks it read (as its Open button does).
    page.get_by_role(
        "button", name="Plan submitted for approval: Safeguarding learning plan", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Safeguarding learning plan")
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    assert ActionPlan.objects.get().status == ActionPlan.Status.SUBMITTED

    page.context.clear_cookies()
    login("officer")
    page.goto(f"{live_server.url}{reverse('notifications:preferences')}")
    assert violations(page) == []
    page.get_by_role("group", name="Your plan approved").get_by_label("In the daily digest").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.locator("main")).to_contain_text("Your notification preferences are saved.")
    expect(
        page.get_by_role("group", name="Your plan approved").get_by_label("In the daily digest")
    ).to_be_checked()

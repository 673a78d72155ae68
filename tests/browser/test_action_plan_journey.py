"""The action plan loop in a real Chromium: from a shortfall finding to an owned action, through
approval (with a return), progress and completion, to a "not effective" review whose follow-up
keeps the plan open."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Action, ActionPlan
from assessment.roles import MANAGER, OFFICER
from tests.actions.factories import ShortfallFindingFactory
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db(transaction=True)

SEED_TEXT = (
    "Partners identified gaps in safeguarding, specifically around the lack of monitoring of "
    "whether learning from safeguarding concerns had been effective to drive improvement."
)


# "forum" comes after the 240 characters the picker's label shows.
LONG_TEXT = (
    "There were systems in place to obtain peoples feedback about their experiences of care and "
    "support. The local authority had carried out surveys in relation to carers experiences and "
    "staff. The feedback from carers generated a high volume of negative comments over a range "
    "of themes. Providers told us the recent carers forum had provided positive opportunities."
)


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)


def click_step(page, name):
    page.get_by_role("button", name=name, exact=True).click()


def officer_drafts_a_plan_from_the_finding(page, live_server, login, assessment, due):
    """The officer starts from the statement page, where the finding is an unanswered shortfall,
    drafts a plan and its first action, the finding ticked."""
    login("officer")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/statements/safeguarding/")
    panel = page.get_by_test_id("statement-actions")
    expect(panel).to_contain_text("Unanswered shortfalls (3)")
    panel.get_by_role("link", name="Create an action for this finding").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Create an action for this finding")
    page.get_by_label("Title").fill("Safeguarding learning improvement plan")
    page.get_by_label("Owner").select_option(label="Morgan Manager")
    page.get_by_role("button", name="Start a draft plan and add the action").click()

    expect(page.locator("main")).to_contain_text("Answering this finding")
    page.get_by_label("Title").fill("Monitor whether SAR learning changed practice")
    page.get_by_label("Due date").fill(due)
    page.get_by_label("How we will know it worked").fill("Audits show the learning in practice.")
    expect(page.get_by_role("checkbox", name=re.compile("lack of monitoring"))).to_be_checked()
    # The picker's search narrows the list; the chosen finding stays visible.
    carers = page.get_by_role("checkbox", name=re.compile("Carers were not aware"))
    expect(carers).to_be_visible()
    page.get_by_label("Search the findings").fill("carers outcomes")
    expect(page.get_by_role("checkbox", name=re.compile("lack of monitoring"))).to_be_visible()
    expect(carers).to_be_visible()
    page.get_by_label("Search the findings").fill("SAR training")
    expect(carers).to_be_hidden()
    # A word past the shortened label is found too: the search reads the whole text.
    forum = page.get_by_role("checkbox", name=re.compile("surveys in relation to carers"))
    page.get_by_label("Search the findings").fill("forum")
    expect(forum).to_be_visible()
    expect(carers).to_be_hidden()
    page.get_by_label("Search the findings").fill("")
    page.get_by_role("button", name="Save action").click()


def officer_submits_and_cannot_approve(page, live_server, plan):
    """Submitted; the Approve button is hidden, and the server refuses a forged approval."""
    expect(page.get_by_test_id("plan-status")).to_contain_text("Draft")
    click_step(page, "Submit for approval")
    expect(page.get_by_test_id("plan-status")).to_contain_text("Submitted for approval")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)

    # Hidden is not enough: the server refuses the officer's forged approval with 403.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    forged = page.request.post(
        f"{live_server.url}/plans/{plan.pk}/step/approve/",
        form={"csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{live_server.url}/plans/{plan.pk}/"},
    )
    assert forged.status == 403
    assert "CSRF" not in forged.text()
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.SUBMITTED


def manager_returns_and_officer_resubmits(page, login):
    """The manager returns it with a comment; the officer sees the returned plan on the
    dashboard, reads why, and resubmits directly."""
    switch_user(page, login, "manager")
    page.get_by_role("link", name="Approval queue").first.click()
    page.get_by_role("link", name="Safeguarding learning improvement plan").click()
    page.get_by_label("What needs to change").fill("Add a re-audit six months on.")
    click_step(page, "Return for changes")
    expect(page.get_by_test_id("plan-status")).to_contain_text("Returned for changes")

    # The officer sees the returned plan on the dashboard, reads why, and resubmits directly.
    switch_user(page, login, "officer")
    page.get_by_test_id("returned-plans").get_by_role(
        "link", name="Safeguarding learning improvement plan"
    ).click()
    expect(page.get_by_test_id("return-comment")).to_have_text("Add a re-audit six months on.")
    click_step(page, "Resubmit for approval")
    expect(page.get_by_test_id("plan-status")).to_contain_text("Submitted for approval")


def manager_approves(page, live_server, login, plan):
    """The manager approves, with a comment, once they tick the confirmation."""
    switch_user(page, login, "manager")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_label("Comment (optional)").fill("Report the re-audit to the board.")
    page.get_by_label("I have read this plan and its actions, and I approve it").check()
    click_step(page, "Approve")
    expect(page.get_by_test_id("plan-status")).to_contain_text("Approved")
    expect(page.locator("main")).to_contain_text("“Report the re-audit to the board.”")


def owner_completes_the_action(page, live_server, login):
    """The owner posts progress, then completes (refused until they say what was done)."""
    switch_user(page, login, "officer")
    page.goto(f"{live_server.url}/actions/mine/")  # the navbar keeps it in a menu
    page.get_by_role("link", name="Monitor whether SAR learning changed practice").click()
    page.get_by_label("What was done").fill("Audit tool agreed with partners.")
    page.get_by_label("New status").select_option(label="In progress")
    page.get_by_label("Percent complete").fill("40")
    page.get_by_role("button", name="Post update").click()
    expect(page.get_by_test_id("action-status")).to_contain_text("In progress (40% complete)")
    page.get_by_label("What was done").fill("Done")
    page.get_by_label("New status").select_option(label="Complete")
    page.get_by_role("button", name="Post update").click()
    expect(page.locator("main")).to_contain_text("To complete the action, say what was done")
    page.get_by_label("What was done").fill("Audited 20 cases against the SAR learning.")
    page.get_by_label("New status").select_option(label="Complete")
    page.get_by_label("Evidence link").fill("https://intranet.example.gov.uk/sar-audit")
    page.get_by_role("button", name="Post update").click()
    expect(page.get_by_test_id("action-status")).to_contain_text("Complete on")
    expect(page.get_by_test_id("update-evidence").first).to_contain_text("sar-audit")


def manager_finds_it_not_effective(page, live_server, login, action, due):
    """The manager records "not effective" with a follow-up (refused with neither a follow-up
    nor a reason); the plan cannot close until the follow-up is done."""
    switch_user(page, login, "manager")
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    # First the manager confirms it was done ("verified complete"); then the review.
    page.get_by_label("What you checked").fill("Read the audit linked to the last update.")
    page.get_by_role("button", name="Confirm verified complete").click()
    expect(page.get_by_test_id("verified")).to_contain_text("Verified complete by Morgan Manager")
    page.get_by_label("Not effective").check()
    page.get_by_label("Evidence of effect").fill("Only 6 of 20 cases showed the learning.")
    # Neither a follow-up nor a reason for none: refused, with what to do.
    page.get_by_role("button", name="Record review").click()
    expect(page.locator("main")).to_contain_text("or say why no follow-up is needed")
    page.get_by_label("Not effective").check()
    page.get_by_label("Follow-up action").fill("Coach frontline teams and re-audit")
    page.get_by_label("Follow-up due").fill(due)
    page.get_by_role("button", name="Record review").click()
    review = page.get_by_test_id("review")
    expect(review).to_contain_text("Not effective")
    # The follow-up: where the RAG was, and under the review.
    follow_up = page.get_by_role("link", name="Coach frontline teams and re-audit")
    expect(follow_up).to_have_count(2)
    expect(page.get_by_test_id("action-rag")).to_contain_text("Not effective")


def follow_up_done_and_plan_closed(page):
    """Once the follow-up is done and found effective, the plan closes."""
    page.get_by_role("link", name="Coach frontline teams and re-audit").first.click()
    page.get_by_label("What was done").fill("Coached 6 teams; re-audit of 20 cases done.")
    page.get_by_label("New status").select_option(label="Complete")
    page.get_by_role("button", name="Post update").click()
    page.get_by_role("button", name="Confirm verified complete").click()
    page.get_by_label("Effective", exact=True).check()
    page.get_by_label("Evidence of effect").fill("Re-audit: 18 of 20 cases show the learning.")
    page.get_by_role("button", name="Record review").click()
    expect(page.get_by_test_id("review")).to_contain_text("Effective")
    page.get_by_role("link", name="Safeguarding learning improvement plan").first.click()
    click_step(page, "Close plan")
    expect(page.get_by_test_id("plan-status")).to_contain_text("Closed")


def tables_fit_a_phone(page, live_server, plan):
    """At phone width the tables scroll inside their box, never the page."""
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (plan.get_absolute_url(), "/actions/mine/", "/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path


def test_action_plan_from_finding_to_reviewed_outcome(
    page, live_server, login, browser_officer, screenshot_dir
):
    northshire = OrganisationFactory(name="Northshire County Council")
    make_member(browser_officer, northshire, OFFICER)
    UserFactory(
        username="manager",
        first_name="Morgan",
        last_name="Manager",
        role=MANAGER,
        role__organisation=northshire,
    )
    assessment = AssessmentFactory(organisation=northshire, title="Adult social care 2024")
    finding = ShortfallFindingFactory(topic__assessment=assessment, text=SEED_TEXT)
    ShortfallFindingFactory(
        topic=finding.topic, text="Carers were not aware of any feedback on outcomes."
    )
    ShortfallFindingFactory(topic=finding.topic, text=LONG_TEXT)
    due = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    officer_drafts_a_plan_from_the_finding(page, live_server, login, assessment, due)
    plan, action = ActionPlan.objects.get(), Action.objects.get()
    assert list(action.findings.all()) == [finding]
    officer_submits_and_cannot_approve(page, live_server, plan)
    manager_returns_and_officer_resubmits(page, login)
    manager_approves(page, live_server, login, plan)
    owner_completes_the_action(page, live_server, login)
    manager_finds_it_not_effective(page, live_server, login, action, due)
    assert Action.objects.get(follow_up_of=action).findings.get() == finding

    page.get_by_role("link", name="Safeguarding learning improvement plan").first.click()
    # "Close plan" is shown disabled with the reason (the server check is tested elsewhere).
    expect(page.get_by_role("button", name="Close plan", exact=True)).to_be_disabled()
    expect(page.get_by_test_id("close-blocked")).to_contain_text("1 action is still open")
    expect(page.get_by_test_id("plan-status")).to_contain_text("Approved")
    # The action found not effective reads so, with its follow-up: not "Green".
    expect(page.get_by_test_id("review-outcome")).to_have_text("Not effective")
    page.screenshot(path=str(screenshot_dir / "action-plan-detail.png"), full_page=True)
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    page.screenshot(path=str(screenshot_dir / "action-detail.png"), full_page=True)
    follow_up_done_and_plan_closed(page)
    tables_fit_a_phone(page, live_server, plan)

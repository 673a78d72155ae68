"""An officer loads a published report, then records a finding of their own, in Chromium."""

import pytest
from playwright.sync_api import expect

from findings.demo import SEED_REPORT
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.factories import make_member
from tests.jobs.helpers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_imports_report_and_adds_a_finding(
    page, live_server, login, browser_officer, screenshot_dir
):
    northshire = OrganisationFactory(name="Northshire County Council")
    make_member(browser_officer, northshire, "officer")
    assessment = AssessmentFactory(organisation=northshire, title="Adult social care 2025")
    login("officer")
    page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
    page.get_by_role("link", name="Import report").click()
    page.get_by_label("Or paste the text").fill(SEED_REPORT.read_text())
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    expect(page.locator("main")).to_contain_text("14 new")
    page.get_by_role("button", name="Import").click()

    # The import is a job: its page updates itself once a worker has run it.
    expect(page.get_by_role("heading", name="Import of report.txt")).to_be_visible()
    run_worker()
    expect(page.locator(".job-message")).to_contain_text(
        'Imported "Learning, improvement and innovation": score 2, 2 topics, 14 findings'
    )
    page.get_by_role("link", name="Open the result").click()
    expect(page.get_by_test_id("overall-result")).to_contain_text("50% Requires improvement")

    page.get_by_role("link", name="Learning, improvement and innovation", exact=True).click()
    expect(page.get_by_test_id("finding")).to_have_count(14)
    expect(page.get_by_role("heading", name="Learning from feedback")).to_be_visible()

    page.get_by_text("Add a finding").click()
    # The add form (each finding listed above has its own Source and Judgement to set).
    add = page.locator("#findings details")
    add.get_by_label("Topic heading").fill("Learning from feedback")
    add.locator("textarea[name=text]").fill(
        "Carers who attended the forum were never told what changed as a result."
    )
    add.get_by_label("Source").select_option(label="People and carers")
    add.get_by_label("Judgement").select_option(label="Shortfall")
    page.get_by_role("button", name="Add finding").click()

    expect(page.get_by_role("status").first).to_contain_text("Finding added")
    expect(page.get_by_test_id("finding")).to_have_count(15)
    last = page.get_by_test_id("finding").nth(14)
    expect(last).to_contain_text("never told what changed")
    expect(last.get_by_label("Judgement")).to_have_value("shortfall")
    page.screenshot(path=str(screenshot_dir / "statement-findings.png"), full_page=True)

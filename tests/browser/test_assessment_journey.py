"""An officer's first journey in a real Chromium: log in, create an assessment, score it."""

import re

import pytest
from playwright.sync_api import expect

from tests.assessment.factories import OrganisationFactory
from tests.factories import make_member

pytestmark = pytest.mark.django_db(transaction=True)


def score(page, statement_title: str, value: str) -> None:
    page.get_by_role("link", name=statement_title, exact=True).click()
    page.locator(f"input[name=score][value='{value}']").check()
    page.get_by_role("button", name="Save score").click()
    expect(page.get_by_role("status").first).to_contain_text("saved")
    page.get_by_role("navigation", name="breadcrumb").get_by_role("link").nth(1).click()


def test_officer_creates_and_scores_an_assessment(
    page, live_server, login, browser_officer, screenshot_dir
):
    northshire = OrganisationFactory(name="Northshire County Council")
    make_member(browser_officer, northshire, "officer")
    login("officer")

    page.get_by_role("link", name="New assessment").first.click()
    page.get_by_label("Organisation").select_option(label="Northshire County Council")
    page.get_by_label("Title").fill("Adult social care 2025")
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_label("Start date").fill("2025-03-03")
    page.get_by_role("button", name="Save assessment").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Adult social care 2025")
    overall = page.get_by_test_id("overall-result")
    expect(overall).to_have_text("Not yet scored")

    score(page, "Assessing needs", "3")
    expect(overall).to_contain_text("75% Good")
    expect(overall).to_contain_text("Provisional: 1 of 9 scored")

    score(page, "Safeguarding", "2")
    expect(overall).to_contain_text("63% Good")  # 5/8 = 62.5 -> 63

    for title in [
        "Supporting people to live healthier lives",
        "Equity in experience and outcomes",
        "Care provision, integration and continuity",
        "Partnerships and communities",
        "Safe pathways, systems and transitions",
        "Governance, management and sustainability",
        "Learning, improvement and innovation",
    ]:
        score(page, title, "2")
    expect(overall).to_contain_text("53% Requires improvement")  # 19/36
    expect(overall).not_to_contain_text("Provisional")
    page.screenshot(path=str(screenshot_dir / "assessment-detail.png"), full_page=True)

    page.get_by_role("link", name="Safeguarding", exact=True).click()
    expect(page.get_by_role("heading", name="Score history")).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        re.compile(r"Not yet scored → Evidence shows some shortfalls")
    )
    page.screenshot(path=str(screenshot_dir / "statement-detail.png"), full_page=True)


def test_wrong_password_is_refused(page, live_server, browser_officer):
    page.goto(f"{live_server.url}/assessments/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("didn't match")

"""Triage in place, in Chromium: the seed report's 14 findings of "Learning, improvement and
innovation", all "not yet reviewed" after the import, are each given a judgement, a source and
a category on the statement page without leaving it (one of them by keyboard only, reached by
"Next not yet reviewed"); after a reload every choice is there, and each finding has its
history."""

import pytest
from playwright.sync_api import expect

from findings.demo import import_seed_report
from findings.models import Finding
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.browser.axe_check import violations
from tests.factories import make_member

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "learning-improvement-innovation"
JUDGEMENTS = ["Strength", "Shortfall", "Mixed"]
SOURCES = ["Staff", "Senior leaders", "Partners", "People and carers", "Data and documents"]
CATEGORIES = [
    "Feedback from staff and leaders",
    "Processes",
    "Feedback from partners",
    "People's experience",
]


def choices(index: int) -> tuple[str, str, str]:
    return (
        JUDGEMENTS[index % 3],
        SOURCES[index % len(SOURCES)],
        CATEGORIES[index % len(CATEGORIES)],
    )


def saved_text(judgement, source, category) -> str:
    return f"Saved: {judgement}, {source}, {category}."


def triage_with_the_mouse(item, judgement, source, category):
    item.get_by_label("Judgement").select_option(label=judgement)
    item.get_by_label("Source").select_option(label=source)
    item.get_by_label("Category").select_option(label=category)
    expect(item.get_by_test_id("triage-status")).to_have_text(
        saved_text(judgement, source, category)
    )


def triage_by_keyboard(page, item, pk):
    """From "Next not yet reviewed", with keys only: the link moves focus to the finding's
    judgement; letters choose in each select (a select changes as its option is chosen)."""
    page.get_by_role("link", name="Next not yet reviewed", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#f{pk}-judgement")).to_be_focused()
    page.keyboard.type("Sh")  # Shortfall (typeahead)
    page.keyboard.press("Tab")
    expect(page.locator(f"#f{pk}-source")).to_be_focused()
    page.keyboard.type("Par")  # Partners
    page.keyboard.press("Tab")
    page.keyboard.type("Proc")  # Processes
    expect(item.get_by_test_id("triage-status")).to_have_text(
        saved_text("Shortfall", "Partners", "Processes")
    )


def test_all_14_findings_of_the_seed_statement_triaged_on_one_page(
    page, live_server, login, browser_officer, screenshot_dir
):
    northshire = OrganisationFactory(name="Northshire County Council")
    make_member(browser_officer, northshire, "officer")
    assessment = AssessmentFactory(organisation=northshire, title="Adult social care 2025")
    import_seed_report(assessment)
    findings = list(Finding.objects.order_by("topic__order", "order"))
    assert len(findings) == 14
    assert {f.judgement for f in findings} == {"not_reviewed"}
    login("officer")
    url = f"{live_server.url}/assessments/{assessment.pk}/statements/{SLUG}/"
    page.goto(url)
    loads = []
    page.on("load", lambda _: loads.append(page.url))
    expect(page.get_by_test_id("triage-remaining")).to_have_text("14 not yet reviewed")
    # No Save buttons with script: each change is saved as it is made.
    expect(page.get_by_role("button", name="Save all changes")).to_be_hidden()

    items = page.get_by_test_id("finding")
    expect(items).to_have_count(14)
    triage_by_keyboard(page, items.nth(0), findings[0].pk)
    for index in range(1, 14):
        triage_with_the_mouse(items.nth(index), *choices(index))
    expect(page.get_by_test_id("triage-remaining")).to_have_text(
        "0 not yet reviewed: every finding has a judgement"
    )
    assert loads == []  # never left the page
    found = violations(page)
    assert found == [], "\n".join(found)
    page.screenshot(path=str(screenshot_dir / "statement-triaged.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "phone-statement-triaged.png"), full_page=True)

    # A reload shows every choice as saved; each finding has the import and the triage in
    # its history.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    expect(page.get_by_test_id("triage-remaining")).to_have_text(
        "0 not yet reviewed: every finding has a judgement"
    )
    wanted = [("Shortfall", "Partners", "Processes")] + [choices(i) for i in range(1, 14)]
    for index, (judgement, source, category) in enumerate(wanted):
        item = items.nth(index)
        expect(item.get_by_label("Judgement").locator("option:checked")).to_have_text(judgement)
        expect(item.get_by_label("Source").locator("option:checked")).to_have_text(source)
        expect(item.get_by_label("Category").locator("option:checked")).to_have_text(category)
    for finding, (judgement, _source, _category) in zip(findings, wanted, strict=True):
        finding.refresh_from_db()
        assert finding.get_judgement_display() == judgement
        assert finding.history.count() >= 2
        assert finding.history.latest("history_id").history_user.username == "officer"

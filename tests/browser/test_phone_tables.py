"""On a phone (375 x 812) the findings, plans, actions and comparison tables (and the report's
tables of actions) are stacked cards: every key column (judgement, status, due date, RAG,
change) is on screen, labelled, without scrolling sideways. Each page's screenshot is saved as
test-artifacts/screenshots/phone-*.png. On a desktop the same tables stay tables."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}
# Cells whose label (data-label, shown by CSS) names a key column.
ACTION_KEYS = ["Due", "Status", "RAG"]


def table_pages(demo) -> dict[str, tuple[str, list[str]]]:
    """Screenshot name -> (path, the key selectors that must be on screen)."""
    assessment = demo["assessment"]
    cells = [f'td[data-label="{label}"]' for label in ACTION_KEYS]
    return {
        "findings": (reverse("findings:finding-list"), [".judgement", "td[data-label]"]),
        "plans": (reverse("actions:plan-list"), ['td[data-label="Status"]']),
        "approval-queue": (reverse("actions:approval-queue"), ['td[data-label="Status"]']),
        "plan-actions": (demo["plan"].get_absolute_url(), [*cells, 'td[data-label="Review"]']),
        "all-actions": (reverse("actions:action-list"), cells),
        "my-actions": (reverse("actions:my-actions"), cells),
        "overdue": (reverse("actions:overdue"), cells),
        "due-soon": (f"{reverse('actions:due-soon')}?days=60", cells),
        "compare": (
            reverse("assessment:organisation-compare", args=[assessment.organisation_id]),
            ['td[data-label="Change"]', ".score-badge"],
        ),
        "report-actions": (
            reverse("findings:assessment-report", args=[assessment.pk]),
            [f'.report-actions td[data-label="{label}"]' for label in ACTION_KEYS],
        ),
        "unanswered-shortfalls": (
            reverse("actions:unanswered-shortfalls"),
            ['td[data-label="Statement"]'],
        ),
        "readiness": (assessment.get_absolute_url(), ['td[data-label="To fix"]']),
        "self-assessment": (
            reverse("readiness:self-assessment", args=[assessment.pk]),
            ['td[data-label="Gap"]', 'td[data-label="Self-assessed"]'],
        ),
        "metrics": (
            reverse("readiness:metric-list", args=[assessment.organisation_id]),
            ['td[data-label="Latest"]'],
        ),
    }


def off_screen(page, selector: str) -> tuple[int, list[str]]:
    """How many elements match, and those not wholly visible within the phone's width."""
    elements = page.locator(f"main {selector}").all()
    problems = []
    for element in elements:
        box = element.bounding_box()
        if not element.is_visible() or box is None or box["x"] < 0:
            problems.append(f"{selector} {element.inner_text()!r} is not visible")
        elif box["x"] + box["width"] > PHONE["width"]:
            right = box["x"] + box["width"]
            problems.append(f"{selector} {element.inner_text()!r} ends at x={right:.0f}")
    return len(elements), problems


def test_key_columns_fit_a_phone_screen(page, live_server, login, demo, screenshot_dir):
    login("manager")
    page.set_viewport_size(PHONE)
    problems = []
    for name, (path, selectors) in table_pages(demo).items():
        page.goto(f"{live_server.url}{path}")
        page.screenshot(path=screenshot_dir / f"phone-{name}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{name}: the page is {width}px wide")
        for selector in selectors:
            count, found = off_screen(page, selector)
            assert count > 0, f"{name}: nothing matches {selector}"
            problems += [f"{name}: {problem}" for problem in found]
        # Each card's cells say which column they are (the header row is out of sight).
        cell = page.locator("main table.stack-table td[data-label]").first
        shown = cell.evaluate("(cell) => getComputedStyle(cell, '::before').content")
        assert shown == f'"{cell.get_attribute("data-label")}"', f"{name}: cells not labelled"
        assert page.locator("main table.stack-table thead").first.bounding_box()["height"] <= 1, (
            name
        )
    assert problems == [], "\n".join(problems)


def test_tables_stay_tables_on_a_desktop(page, live_server, login, demo):
    login("manager")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{demo['plan'].get_absolute_url()}")
    table = page.locator("main table.stack-table")
    assert table.evaluate("(t) => getComputedStyle(t).display") == "table"
    assert table.locator("thead th").first.is_visible()
    rag = table.locator('td[data-label="RAG"]').first
    assert rag.evaluate("(cell) => getComputedStyle(cell, '::before').content") == "none"

"""The evidence library in a real Chromium: an officer finds the demo council's evidence past
its review date, uploads a new version of an item and sees both versions; every page passes
axe-core (WCAG 2.2 AA)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.axe_check import violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_reviews_the_library_and_uploads_a_new_version(
    page, live_server, login, demo, tmp_path
):
    organisation = demo["assessment"].organisation
    login("officer")
    page.goto(f"{live_server.url}{reverse('findings:evidence-library', args=[organisation.pk])}")
    found = violations(page)
    page.get_by_label("Review").select_option("overdue")
    page.get_by_role("button", name="Apply").click()
    table = page.locator("main table")
    expect(table).to_contain_text("Learning from complaints: quarterly review")
    expect(table).to_contain_text("Review overdue")
    expect(table.locator("tbody tr")).to_have_count(1)

    page.goto(f"{live_server.url}{demo['evidence'].get_absolute_url()}")
    page.get_by_role("link", name="Upload new version").click()
    found += violations(page)
    second = tmp_path / "annual-v2.pdf"
    second.write_bytes(b"%PDF-1.4\n% second version\n%%EOF\n")
    page.get_by_label("New version").set_input_files(str(second))
    page.get_by_role("button", name="Upload new version").click()
    expect(page.get_by_text("Version 2 uploaded.")).to_be_visible()
    versions = page.locator("main table").last
    expect(versions.locator("tbody tr")).to_have_count(2)
    expect(versions).to_contain_text("annual-v2.pdf")
    found += violations(page)
    assert found == [], found

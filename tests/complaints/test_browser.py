"""An officer in a real Chromium: record a complaint, see its clock, read the annual report."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.demo import DEMO_ORGANISATION
from assessment.models import Organisation
from assessment.roles import OFFICER
from complaints.demo import load_demo_complaints
from complaints.models import Complaint
from tests.complaints.factories import load_bank_holidays
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def test_officer_records_a_complaint_and_reads_the_report(page, live_server):
    load_bank_holidays()
    load_demo_complaints()
    demo_council = Organisation.objects.get(name=DEMO_ORGANISATION)
    UserFactory(username="officer", role=OFFICER, role__organisation=demo_council)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Complaints", exact=True).click()
    page.get_by_role("link", name="New complaint").click()
    page.get_by_label("Reference").fill("ASC-2425-001")
    page.get_by_label("Complainant's relationship to the person").select_option(label="Carer")
    page.get_by_label("Service area").select_option(label="Community support")
    page.get_by_label("Category").select_option(label="Delay in service")
    page.get_by_label("Date received").fill("2024-05-03")  # a Friday
    page.get_by_label("Date acknowledged").fill("2024-05-09")  # Monday 6 May is a bank holiday
    page.get_by_label("Status").select_option(label="Responded")
    page.get_by_role("button", name="Save complaint").click()
    # Responded to without an outcome: refused, with the reason at the top and by the field.
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_visible()
    page.get_by_role("link", name="Outcome: Give the outcome").click()
    expect(page.get_by_label("Outcome")).to_be_focused()
    page.get_by_label("Outcome").select_option(label="Upheld")
    page.get_by_role("button", name="Save complaint").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Complaint ASC-2425-001")
    expect(page.get_by_test_id("acknowledged")).to_contain_text("3 working days after receipt")
    expect(page.get_by_test_id("acknowledged")).to_contain_text("within the 3 working days")
    assert Complaint.objects.get(reference="ASC-2425-001").outcome == "upheld"

    page.get_by_role("link", name="Complaints", exact=True).first.click()
    page.get_by_role("link", name="Annual report").click()
    page.get_by_label("Financial year").select_option(label="2023/24")
    page.get_by_role("button", name="Show report").click()
    expect(page.get_by_test_id("upheld-share")).to_contain_text("39 of 87 decided (45%)")
    expect(page.get_by_role("img", name="Complaints by category, 2023/24")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "complaints-report.png"), full_page=True)

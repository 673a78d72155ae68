"""The complaints appendix of the assessment report: added by the complaints app through the
report's COMPLAINTS_APPENDIX section (core.panels), so the findings app's report needs no
complaints code."""

import datetime

import pytest
from django.urls import reverse

from complaints.report import complaints_appendix
from core import panels
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.complaints.factories import ComplaintFactory, load_bank_holidays
from tests.factories import make_member
from tests.jobs.helpers import fetch_built_document
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def bank_holidays(db):
    load_bank_holidays()


@pytest.fixture
def assessment(cqc_framework, officer):
    organisation = OrganisationFactory(name="Appendixshire")
    make_member(officer, organisation, "officer")
    for day in (1, 2, 3):
        ComplaintFactory(
            organisation=organisation,
            date_received=D(2023, 6, day),
            date_responded=D(2023, 6, 20),
            status="responded",
            outcome="upheld" if day == 1 else "not_upheld",
        )
    ComplaintFactory(organisation=organisation, date_received=D(2022, 9, 1))
    return AssessmentFactory(organisation=organisation, start_date=D(2024, 2, 5))


def test_the_report_ends_with_the_complaints_of_the_assessments_year(
    officer_client, assessment, django_assert_max_num_queries
):
    with django_assert_max_num_queries(18):
        response = officer_client.get(reverse("findings:assessment-report", args=[assessment.pk]))
    content = response.content.decode()
    assert '<h2 id="complaints-heading">Appendix: complaints 2023/24</h2>' in content
    assert "received by Appendixshire from 1 April 2023 to 31 March 2024, beside 2022/23" in (
        content
    )
    assert "<tr><td>Received</td><td>3</td><td>1</td></tr>" in content
    assert "1 of 3 decided (33%)" in content


def test_the_pdf_lists_the_appendix_in_its_contents(officer_client, assessment):
    content = fetch_built_document(
        officer_client, reverse("findings:assessment-report-pdf", args=[assessment.pk])
    )
    # Once in the contents, once as the appendix's heading.
    assert pdf_text(content).count("Appendix: complaints 2023/24") == 2


def test_no_appendix_without_a_year_of_complaints(cqc_framework):
    assessment = AssessmentFactory(start_date=None)
    assert complaints_appendix(assessment) is None


def test_without_the_hook_the_report_has_no_complaints(officer_client, assessment, monkeypatch):
    monkeypatch.delitem(panels._report_sections, panels.COMPLAINTS_APPENDIX)
    response = officer_client.get(reverse("findings:assessment-report", args=[assessment.pk]))
    assert response.status_code == 200
    assert b"Appendix: complaints" not in response.content

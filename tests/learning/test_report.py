"""The learning report of an organisation and year: the page, the PDF (a job, read back with
pypdf) and the workbook (read back with openpyxl) give the same figures."""

import datetime
import io
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from learning.models import EffectivenessCheck, SARRecommendation
from learning.selectors.report import learning_report
from tests.jobs.helpers import fetch_built_document
from tests.learning.factories import (
    BriefFactory,
    CheckFactory,
    RecommendationFactory,
    ReviewFactory,
    acknowledge,
    team_of,
)
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
YEAR = 2025
PUBLISHED = datetime.datetime(2025, 6, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def year_of_learning(organisation, manager):
    """In 2025/26: a SAR with two recommendations (one closed), a brief to a team of 4 with
    3 acknowledgements after 1, 2 and 6 days, checked "partly embedded"; a second brief to 2
    people, unchecked and overdue. A brief of 2024 stays out."""
    review = ReviewFactory(
        organisation=organisation, title="SAR: Adult B", published=datetime.date(2025, 5, 1)
    )
    first = RecommendationFactory(review=review, number=1, owner=manager)
    RecommendationFactory(
        review=review, number=2, owner=manager, status=SARRecommendation.Status.CLOSED
    )
    team = team_of(organisation, "Reablement", 4)
    brief = BriefFactory(
        organisation=organisation,
        recommendation=first,
        title="Phone the provider on discharge day",
        teams=[team],
        published=PUBLISHED,
    )
    for person, days in zip(team.members.order_by("pk"), (1, 2, 6), strict=False):
        acknowledge(brief, person, at=PUBLISHED + datetime.timedelta(days=days))
    CheckFactory(
        brief=brief,
        date=datetime.date(2025, 9, 1),
        result=EffectivenessCheck.Result.PARTLY,
        cases=12,
    )
    BriefFactory(
        organisation=organisation,
        title="Book interpreters early",
        recommendation__review__published=datetime.date(2023, 1, 1),
        teams=[team_of(organisation, "Deaf services", 2)],
        published=PUBLISHED + datetime.timedelta(days=30),
        check_due=datetime.date(2025, 12, 1),
    )
    BriefFactory(
        organisation=organisation,
        title="Last year's brief",
        recommendation__review__published=datetime.date(2023, 1, 1),
        teams=[team],
        published=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC),
    )
    return organisation


def test_the_figures(year_of_learning):
    report = learning_report(year_of_learning, YEAR, today=datetime.date(2026, 1, 5))
    assert [brief.title for brief in report.briefs] == [
        "Phone the provider on discharge day",
        "Book interpreters early",
    ]
    assert (report.acknowledged, report.audience, report.percent) == (3, 6, 50)
    assert report.median_days == 2
    assert [(b.median_days, b.latest_result_label) for b in report.briefs] == [
        (2, "Partly embedded"),
        (None, ""),
    ]
    assert dict(report.check_results) == {
        "Embedded": 0,
        "Partly embedded": 1,
        "Not embedded": 0,
    }
    assert report.checks_overdue == 1
    assert [rec.get_status_display() for rec in report.recommendations] == ["Open", "Closed"]
    assert [(rec.brief_count, rec.checked_count) for rec in report.recommendations] == [
        (1, 1),
        (0, 0),
    ]


def test_page_pdf_and_workbook(officer_client, year_of_learning):
    organisation = year_of_learning
    page = officer_client.get(reverse("learning:report", args=[organisation.pk]), {"year": YEAR})
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert "Learning report 2025/26" in html
    assert "3 / 6 (50%)" in html
    assert "Last year's brief" not in html
    pdf = pdf_text(
        fetch_built_document(
            officer_client,
            reverse("learning:report-pdf", args=[organisation.pk]) + f"?year={YEAR}",
        )
    )
    for text in (
        "Learning report 2025/26",
        "SAR: Adult B",
        "Phone the provider on discharge day",
        "3 / 6 (50%)",
        "Partly embedded",
    ):
        assert text in pdf, text
    assert "Last year's brief" not in pdf
    response = officer_client.get(
        reverse("learning:report-xlsx", args=[organisation.pk]), {"year": YEAR}
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Summary", "Recommendations", "Briefs", "Checks"]
    summary = dict(workbook["Summary"].iter_rows(min_row=2, values_only=True))
    assert (summary["Briefs issued"], summary["Acknowledged"], summary["Reach (%)"]) == (2, 3, 50)
    briefs = list(workbook["Briefs"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[4], row[5], row[6]) for row in briefs] == [
        ("Phone the provider on discharge day", 4, 3, 0.75),
        ("Book interpreters early", 2, 0, 0),
    ]
    checks = list(workbook["Checks"].iter_rows(min_row=2, values_only=True))
    assert [(row[2], row[3], row[4]) for row in checks] == [
        ("Case-file audit", 12, "Partly embedded")
    ]


def test_a_new_acknowledgement_makes_a_new_pdf_version(year_of_learning):
    from learning.report import report_version

    before = report_version(year_of_learning, YEAR)
    brief = year_of_learning.learning_briefs.get(title="Book interpreters early")
    acknowledge(brief, brief.audience.first().person, at=timezone.now())
    assert report_version(year_of_learning, YEAR) != before

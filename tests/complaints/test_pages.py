"""What a council officer reads on the complaint pages: the demo looks alive, the report opens on
a year with complaints, errors name the field, one date format, changes in points, no sideways
scrolling, 403s in plain English."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessment.demo import DEMO_ORGANISATION
from assessment.models import Organisation
from assessment.roles import OFFICER
from complaints.demo import load_demo_complaints
from complaints.models import Complaint
from complaints.models.clock import financial_year_label, financial_year_of
from complaints.selectors import Figure, annual_report, format_change
from core.charts import bar_chart
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import ComplaintFactory, load_bank_holidays
from tests.factories import make_member

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 25)


@pytest.fixture(autouse=True)
def bank_holidays(db):
    load_bank_holidays()


@pytest.fixture
def demo(officer):
    """The demo council's complaints; the officer is a member there too."""
    load_demo_complaints(today=TODAY)
    demo = Organisation.objects.get(name=DEMO_ORGANISATION)
    make_member(officer, demo, OFFICER)
    return demo


def test_demo_keeps_the_seed_figures_and_looks_alive(demo):
    report = annual_report(demo, 2023, TODAY)
    assert report.received.current == 106
    assert [report.outcome(v).current for v in ("upheld", "partly_upheld", "not_upheld")] == [
        21,
        18,
        48,
    ]
    assert report.withdrawn_or_undecided.current == 19
    assert (report.upheld_or_partly.current, report.decided.current) == (39, 87)
    assert report.upheld_or_partly_percent.current == 45
    assert report.service_areas[0].current == 48
    assert report.received.previous == 94
    # The 8 without an outcome were closed without a decision: nothing open for years.
    assert report.closed_without_decision.current == 8
    assert report.still_open.current == report.overdue.current == 0
    old = Complaint.objects.filter(date_received__lte=D(2024, 3, 31))
    assert not old.filter(status=Complaint.Status.OPEN).exists()
    # Recent complaints: some open within their agreed date, two overdue by days, not years.
    recent = Complaint.objects.with_clock(TODAY).filter(date_received__gt=D(2024, 3, 31))
    assert recent.count() == 15
    assert sorted(recent.filter(is_overdue=True).values_list("days_overdue", flat=True)) == [6, 13]
    assert recent.filter(status="open", is_overdue=False).count() == 5
    assert recent.filter(date_received__gte=D(2026, 4, 1)).count() == 13
    assert not recent.filter(date_received__gt=TODAY).exists()


def test_demo_without_recent_days_adds_nothing_to_the_seed_years():
    load_demo_complaints(today=D(2024, 2, 1))
    assert Complaint.objects.count() == 200


def test_report_opens_on_the_latest_year_with_complaints(officer_client, officer):
    org = OrganisationFactory(name="Oldshire")
    make_member(officer, org, OFFICER)
    ComplaintFactory(organisation=org, date_received=D(2023, 6, 1))
    ComplaintFactory(organisation=org, date_received=D(2022, 6, 1))
    url = reverse("complaints:complaints-report")
    response = officer_client.get(url, {"organisation": org.pk})
    assert response.context["report"].year == 2023  # not the current, empty 2026/27
    assert [c for c, _ in response.context["form"].fields["year"].choices] == [2023, 2022]
    assert response.context["report"].received.current == 1
    # The selector still picks another year.
    assert officer_client.get(url, {"organisation": org.pk, "year": 2022}).context[
        "report"
    ].year == (2022)


def test_report_on_the_demo_opens_on_the_latest_complete_year(officer_client, demo):
    """It opened on the year under way, with its months to come printed as 0 (the issue
    "Working at speed"); it opens on the latest year that is over, the current one offered
    as "year to date"."""
    today = timezone.localdate()
    response = officer_client.get(reverse("complaints:complaints-report"))
    report = response.context["report"]
    years = list(Complaint.objects.filter(organisation=demo).financial_years())
    complete = [y for y in years if datetime.date(y + 1, 3, 31) < today]
    assert report.year == complete[0]
    assert not report.in_progress
    assert report.received.current > 0
    current = financial_year_of(today)
    assert (current, f"{financial_year_label(current)} (year to date)") in response.context[
        "form"
    ].fields["year"].choices


def test_duplicate_reference_is_said_on_the_field_and_in_the_summary(officer_client, officer):
    existing = ComplaintFactory(
        reference="ASC-1", organisation=OrganisationFactory(name="Dupshire")
    )
    make_member(officer, existing.organisation, "officer")
    data = {
        "organisation": existing.organisation_id,
        "reference": "ASC-1",
        "date_received": "2023-06-05",
        "relationship": "family",
        "procedure": "statutory",
        "status": "open",
        "lgsco_status": "none",
    }
    response = officer_client.post(reverse("complaints:complaint-create"), data)
    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    message = "A complaint with reference ASC-1 already exists for Dupshire."
    assert form.errors["reference"] == [message]
    assert not form.non_field_errors()
    page = response.content.decode()
    assert "already exists" in page
    assert "Complaint with this" not in page
    summary = page[page.index('id="error-summary"') :]
    assert f'<a href="#id_reference" class="alert-link">Reference: {message}</a>' in summary
    assert "is-invalid" in page  # the field itself is marked
    # Editing the complaint itself keeps its reference without complaint.
    response = officer_client.post(
        reverse("complaints:complaint-update", args=[existing.pk]),
        {**data, "summary": "Edited", "version": 1},
    )
    assert response.status_code == HTTPStatus.FOUND
    # Another organisation may use the same reference.
    other = OrganisationFactory(name="Othershire")
    make_member(officer, other, "officer")
    response = officer_client.post(
        reverse("complaints:complaint-create"), {**data, "organisation": other.pk}
    )
    assert response.status_code == HTTPStatus.FOUND


def test_error_summary_lists_every_error_with_links(officer_client):
    org = OrganisationFactory()
    response = officer_client.post(
        reverse("complaints:complaint-create"),
        {
            "organisation": org.pk,
            "reference": "",
            "date_received": "2023-06-05",
            "date_responded": "2023-06-01",
            "relationship": "family",
            "procedure": "statutory",
            "status": "responded",
            "lgsco_status": "none",
        },
    )
    page = response.content.decode()
    summary = page[
        page.index('id="error-summary"') : page.index("</div>", page.index("error-summary"))
    ]
    assert "There are problems with this complaint" in summary
    for field in ("reference", "date_responded", "outcome"):
        assert f'href="#id_{field}"' in summary


def test_closed_without_a_decision_is_allowed_and_reads_so(officer_client):
    org = OrganisationFactory()
    response = officer_client.post(
        reverse("complaints:complaint-create"),
        {
            "organisation": org.pk,
            "reference": "NI-1",
            "date_received": "2023-06-05",
            "relationship": "family",
            "procedure": "statutory",
            "status": "closed",
            "lgsco_status": "none",
        },
    )
    complaint = Complaint.objects.get(reference="NI-1")
    assert response.url == complaint.get_absolute_url()
    page = officer_client.get(complaint.get_absolute_url()).content.decode()
    assert "No decision (closed)" in page
    assert "Closed without a decision" in page


def test_one_date_format_on_the_pages_and_iso_in_the_export(officer_client):
    complaint = ComplaintFactory(
        date_received=D(2024, 2, 23),
        date_acknowledged=D(2024, 2, 26),
        response_due=D(2024, 3, 22),
    )
    for url in (reverse("complaints:complaint-list"), complaint.get_absolute_url()):
        page = officer_client.get(url).content.decode()
        assert "23 Feb 2024" in page
        assert not re.search(r"\d\d/\d\d/\d{4}", page)
        assert "Friday" not in page
        assert "February" not in page
    export = officer_client.get(reverse("complaints:complaint-export"))
    assert "2024-02-23" in b"".join(export.streaming_content).decode()


def test_changes_read_as_points_for_percentages():
    assert Figure("Share", 47, 40, "%").change_text == "+7 points"
    assert Figure("Share", 38, 40, "%").change_text == "\u22122 points"
    assert Figure("Share", 41, 40, "%").change_text == "+1 point"
    assert Figure("Received", 113, 106).change_text == "+7"
    assert Figure("Received", 104, 106).change_text == "\u22122"
    assert Figure("Median days to respond", 32.0, 29.5, " days").change_text == "+2.5 days"
    assert Figure("Median days to respond", 32.0, 29.5, " days").current_text == "32 days"
    assert Figure("Share", None, 40, "%").change_text == "—"
    assert format_change(0, "%") == "0 points"


def test_report_page_changes_medians_and_tables(officer_client, demo):
    response = officer_client.get(
        reverse("complaints:complaints-report"), {"organisation": demo.pk, "year": 2023}
    )
    page = response.content.decode()
    report = response.context["report"]
    share = report.upheld_or_partly_percent
    assert share.change_text.endswith("points")
    assert share.change_text in page
    median = report.median_days_to_respond
    assert f"{median.current_text}</td>" in page
    assert not re.search(r"\d\.0 days", page)
    assert median.current_text.endswith(" days")
    # No table makes the page scroll sideways on a phone.
    assert page.count("<table") == page.count('class="table-responsive"') > 0


def test_report_command_prints_whole_days_and_points(demo, capsys):
    call_command("complaints_report", organisation=DEMO_ORGANISATION, year=2023)
    out = capsys.readouterr().out
    assert re.search(r"Median days to respond: \d+(\.\d)? days\n", out)
    assert not re.search(r"\d\.0{2,}", out)
    assert re.search(r"change [+\u2212]\d+ points?\)", out), out


def test_chart_labels_are_never_cut():
    long = "Charging and financial assessment including deferred payments"
    chart = bar_chart(
        id="c",
        title="t",
        rows=[("Poor or lack of communication", 32, 24), (long, 10, 9)],
        current_label="2023/24",
        previous_label="2022/23",
    )
    short, wrapped = chart.bars
    assert short.label_lines == ["Poor or lack of communication"]
    assert " ".join(wrapped.label_lines) == long
    assert wrapped.y + wrapped.height <= chart.height
    assert wrapped.y >= short.y + short.height


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("complaints:complaint-list", [], "Your role does not allow you to see complaints."),
        ("complaints:complaints-report", [], "Your role does not allow you to see complaints."),
        ("complaints:complaint-create", [], "Your role does not allow you to record complaints."),
        ("complaints:complaint-import", [], "Your role does not allow you to import complaints."),
    ],
)
def test_403_says_why_in_plain_english(client, nobody, name, args, message):
    client.force_login(nobody)
    response = client.get(reverse(name, args=args))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert message in response.content.decode()


def test_only_managers_delete_says_so(client, officer):
    complaint = ComplaintFactory()
    client.force_login(officer)
    response = client.get(reverse("complaints:complaint-delete", args=[complaint.pk]))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Only a manager can delete a complaint." in response.content.decode()


def test_list_table_scrolls_in_its_own_box(officer_client):
    ComplaintFactory()
    page = officer_client.get(reverse("complaints:complaint-list")).content.decode()
    assert page.count("<table") == page.count('class="table-responsive"') == 1

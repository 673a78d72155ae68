"""Bad query parameters and out-of-range dates get a message or are ignored, never a 500.

"²" passes str.isdigit() but breaks int(); a number past bigint breaks the database; a year
such as 9999 or 0 broke the date arithmetic of the annual complaints report.
"""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from complaints.importer import ComplaintImportError, import_complaints
from complaints.models import Complaint
from complaints.models.clock import financial_year_of
from tests.actions.factories import ActionFactory, ActionPlanFactory, ShortfallFindingFactory
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "²"  # str.isdigit() is true; int() raises
HUGE = "9" * 40
TODAY = timezone.localdate


@pytest.fixture
def data(cqc_framework, manager):
    finding = ShortfallFindingFactory()
    plan = ActionPlanFactory(assessment=finding.topic.assessment, owner=manager)
    action = ActionFactory(plan=plan)
    complaint = ComplaintFactory(
        organisation=plan.organisation, date_received=datetime.date(2023, 6, 1)
    )
    return {"finding": finding, "plan": plan, "action": action, "complaint": complaint}


@pytest.fixture
def root(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    return client


@pytest.mark.parametrize(
    "name", ["complaints:complaint-list", "findings:finding-list", "actions:plan-list"]
)
@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, "٣", HUGE, "-5"])
def test_a_bad_organisation_on_a_list_is_a_filter_error(root, data, name, value):
    response = root.get(reverse(name), {"organisation": value})
    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "param", "status"),
    [
        # An export with a bad filter goes back to its list (tests/test_list_exports.py).
        ("complaints:complaint-export", "organisation", HTTPStatus.FOUND),
        # With no organisation chosen, categories and areas wait for one: ignored.
        ("complaints:complaint-export", "category", HTTPStatus.OK),
        ("complaints:complaint-export", "service_area", HTTPStatus.OK),
        ("findings:finding-export", "organisation", HTTPStatus.FOUND),
        # With no organisation chosen the assessment select waits for one: ignored.
        ("findings:finding-export", "assessment", HTTPStatus.OK),
        ("actions:plan-list", "assessment", HTTPStatus.OK),
        ("actions:plan-list", "organisation", HTTPStatus.FOUND),
        ("actions:action-list", "organisation", HTTPStatus.FOUND),
    ],
)
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_a_bad_id_on_an_export_is_not_a_server_error(root, data, name, param, status, export):
    response = root.get(reverse(name), {param: SUPERSCRIPT_TWO, "format": export})
    assert response.status_code == status


def test_the_complaints_export_with_a_bad_organisation_exports_nothing(root, data):
    response = root.get(reverse("complaints:complaint-export"), {"organisation": SUPERSCRIPT_TWO})
    assert response.status_code == HTTPStatus.FOUND
    assert not response.streaming
    assert response["Location"].startswith(reverse("complaints:complaint-list") + "?")


def test_due_soon_ignores_a_bad_window_and_says_which_it_shows(root, data):
    for value in (SUPERSCRIPT_TWO, "0", "-5", HUGE, "1e5"):
        response = root.get(reverse("actions:due-soon"), {"days": value})
        assert response.status_code == HTTPStatus.OK, value
        assert "Actions due in the next 14 days" in response.content.decode()
    response = root.get(reverse("actions:due-soon"), {"days": "40"})
    assert "Actions due in the next 40 days" in response.content.decode()


def test_action_and_plan_forms_ignore_bad_ids_in_the_query(root, data):
    plan = data["plan"]
    create = reverse("actions:action-create", args=[plan.pk])
    for params in ({"finding": SUPERSCRIPT_TWO}, {"follow_up_of": SUPERSCRIPT_TWO}):
        response = root.get(create, params)
        assert response.status_code == HTTPStatus.OK, params
        assert response.context["form"].initial.get("findings") is None
    response = root.get(reverse("actions:plan-create"), {"assessment": SUPERSCRIPT_TWO})
    assert response.status_code == HTTPStatus.OK
    assert "assessment" not in response.context["form"].initial
    response = root.get(reverse("actions:unanswered-shortfalls"), {"assessment": SUPERSCRIPT_TWO})
    assert response.status_code == HTTPStatus.OK
    assert response.context["assessment"] is None
    response = root.get(reverse("actions:action-for-finding"), {"finding": SUPERSCRIPT_TWO})
    assert response.status_code == HTTPStatus.FORBIDDEN  # "Choose a finding first."
    response = root.get(
        reverse("findings:evidence-create", args=[plan.assessment_id]), {"finding": HUGE}
    )
    assert response.status_code == HTTPStatus.OK


def test_a_bad_finding_id_in_the_action_post_is_a_form_error(root, data):
    response = root.post(
        reverse("actions:action-create", args=[data["plan"].pk]),
        {
            "title": "Audit learning",
            "owner": data["action"].owner_id,
            "due_date": (TODAY() + datetime.timedelta(days=30)).isoformat(),
            "priority": 2,
            "success_measure": "Audit shows it.",
            "findings": [str(data["finding"].pk), SUPERSCRIPT_TWO],
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["findings"]
    assert not Action.objects.filter(title="Audit learning").exists()


@pytest.mark.parametrize("year", ["0", "9999", "-5", HUGE, SUPERSCRIPT_TWO, "1e3"])
def test_the_complaints_report_says_a_bad_year_and_shows_the_default(root, data, year):
    response = root.get(reverse("complaints:complaints-report"), {"year": year})
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "There is no report for year" in content
    assert response.context["report"].year == 2023  # the latest year with complaints


def test_the_complaints_report_shows_a_good_year_without_a_message(root, data):
    response = root.get(reverse("complaints:complaints-report"), {"year": "2022"})
    assert response.context["report"].year == 2022
    assert "There is no report for year" not in response.content.decode()


def test_the_complaints_report_says_an_unknown_organisation(root, data):
    response = root.get(reverse("complaints:complaints-report"), {"organisation": SUPERSCRIPT_TWO})
    assert response.status_code == HTTPStatus.OK
    assert "That organisation was not found" in response.content.decode()
    assert response.context["report"].organisation == data["plan"].organisation


def test_a_stored_complaint_dated_9999_does_not_break_the_pages(root, data):
    """Stored before the bounds existed (the form and the import accepted it)."""
    bad = ComplaintFactory(organisation=data["plan"].organisation, reference="Y10K")
    Complaint.objects.filter(pk=bad.pk).update(date_received=datetime.date(9999, 12, 31))
    response = root.get(reverse("complaints:complaints-report"))
    assert response.status_code == HTTPStatus.OK
    assert response.context["report"].year == 2023  # not 9999
    for url in (
        reverse("complaints:complaint-list"),
        reverse("complaints:complaint-detail", args=[bad.pk]),
        reverse("complaints:complaint-export") + "?format=xlsx",
        reverse("dashboard"),
    ):
        assert root.get(url).status_code == HTTPStatus.OK, url


COMPLAINT = {
    "reference": "NEW-1",
    "date_received": "05/06/2023",
    "relationship": "family",
    "procedure": "statutory",
    "status": "open",
    "lgsco_status": "none",
}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date_received", "31/12/9999"),
        ("date_received", "01/01/1899"),
        ("date_acknowledged", "31/12/9999"),
        ("response_due", "31/12/9999"),
        ("date_responded", "31/12/9999"),
    ],
)
def test_the_complaint_form_refuses_a_date_out_of_bounds(root, data, field, value):
    response = root.post(
        reverse("complaints:complaint-create"),
        {**COMPLAINT, "organisation": data["plan"].organisation_id, field: value},
    )
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors[field]
    assert "out of range: enter a date from 1 Jan 1990 to" in errors[0]
    assert not Complaint.objects.filter(reference="NEW-1").exists()


def test_a_complaint_received_tomorrow_is_refused_but_one_due_then_is_not(root, data):
    tomorrow = (TODAY() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    today = TODAY().strftime("%d/%m/%Y")
    url = reverse("complaints:complaint-create")
    organisation = data["plan"].organisation_id
    complaint = {**COMPLAINT, "organisation": organisation}
    response = root.post(url, {**complaint, "date_received": tomorrow})
    assert "to today" in response.context["form"].errors["date_received"][0]
    response = root.post(url, {**complaint, "date_received": today, "response_due": tomorrow})
    assert response.status_code == HTTPStatus.FOUND
    assert Complaint.objects.get(reference="NEW-1").date_received == TODAY()


def test_the_import_names_the_row_and_column_of_a_date_out_of_bounds(data):
    content = (
        b"reference,date_received,date_responded\n"
        b"OK-1,2023-06-01,\n"
        b"BAD-1,9999-12-31,\n"
        b"BAD-2,2023-06-01,1899-01-01\n"
    )
    with pytest.raises(ComplaintImportError) as error:
        import_complaints(
            user=None, organisation=data["plan"].organisation, filename="c.csv", content=content
        )
    messages = [str(e) for e in error.value.errors]
    assert messages[0].startswith(
        "Row 3, column “date_received”: 31 Dec 9999 is out of range: enter a date from "
        "1 Jan 1990 to today."
    )
    assert messages[1].startswith("Row 4, column “date_responded”: 1 Jan 1899 is out of range")
    assert not Complaint.objects.filter(reference__in=["OK-1", "BAD-1", "BAD-2"]).exists()


def test_action_and_progress_dates_are_bounded(root, data):
    action = data["action"]
    url = reverse("actions:action-update", args=[action.pk])
    response = root.post(
        url,
        {
            "title": action.title,
            "owner": action.owner_id,
            "due_date": "9999-12-31",
            "priority": action.priority,
            "success_measure": action.success_measure,
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "out of range" in response.context["form"].errors["due_date"][0]
    tomorrow = TODAY() + datetime.timedelta(days=1)
    response = root.post(
        reverse("actions:action-progress", args=[action.pk]),
        {"text": "Done a thing", "date": tomorrow.isoformat(), "percent": 10},
    )
    assert response.status_code == HTTPStatus.OK
    assert "is out of range: enter a date from 1 Jan 1990 to today" in response.content.decode()
    assert not action.updates.exists()


def test_report_years_start_at_the_earliest_date_and_end_a_year_ahead():
    from complaints.models.clock import report_years

    years = report_years(datetime.date(2025, 5, 1))
    assert (years[0], years[-1]) == (1989, 2026)
    assert financial_year_of(datetime.date(1990, 1, 1)) == 1989

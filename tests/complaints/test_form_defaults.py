"""Small expectations of the complaint pages: the form starts on the user's organisation (for
now the only one) with the agreed response date its default number of working days after
receipt, bank holidays skipped; a template to fill in for the import."""

import csv
import datetime
import io
from http import HTTPStatus

import openpyxl
import pytest
from django.urls import reverse

from complaints.importer import COLUMNS
from complaints.models import Complaint
from complaints.models.clock import add_working_days
from complaints.services import default_response_due
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import load_bank_holidays

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def bank_holidays(db):
    load_bank_holidays()


def test_working_days_skip_weekends_and_bank_holidays():
    # Mon 20 May 2024 + 5: 21-24 May, then Mon 27 May is the spring bank holiday.
    assert add_working_days(D(2024, 5, 20), 5) == D(2024, 5, 28)
    # Mon 16 Dec 2024 + 20: Christmas, Boxing Day and New Year's Day are skipped.
    assert add_working_days(D(2024, 12, 16), 20) == D(2025, 1, 16)


def test_the_default_follows_the_organisation():
    org = OrganisationFactory(name="Tenshire", default_response_working_days=10)
    assert default_response_due(org, D(2024, 5, 20)) == D(2024, 6, 4)  # 27 May skipped
    assert OrganisationFactory().default_response_working_days == 20


def data(org, **values):
    return {
        "organisation": org.pk,
        "reference": "ASC-1",
        "date_received": "2024-12-16",
        "relationship": "person",
        "procedure": "statutory",
        "status": "open",
        "lgsco_status": "none",
    } | values


def test_the_new_complaint_form_starts_on_the_organisation_and_its_date(officer_client):
    org = OrganisationFactory()  # the one organisation the officer may add complaints to
    form = officer_client.get(reverse("complaints:complaint-create")).context["form"]
    today = datetime.date.today()
    assert form.initial["organisation"] == org
    assert form.initial["response_due"] == add_working_days(today, 20)


def test_a_blank_response_date_takes_the_default(officer_client):
    org = OrganisationFactory()
    response = officer_client.post(reverse("complaints:complaint-create"), data(org))
    assert response.status_code == HTTPStatus.FOUND
    assert Complaint.objects.get().response_due == D(2025, 1, 16)


def test_the_offered_date_follows_a_changed_date_received(officer_client):
    """The form offered today's default; the officer changed the date received only."""
    org = OrganisationFactory()
    offered = add_working_days(datetime.date.today(), 20)
    officer_client.post(
        reverse("complaints:complaint-create"),
        data(org, response_due=offered.isoformat()),
    )
    assert Complaint.objects.get().response_due == D(2025, 1, 16)


def test_an_agreed_date_typed_in_is_kept(officer_client):
    org = OrganisationFactory()
    officer_client.post(
        reverse("complaints:complaint-create"), data(org, response_due="2025-02-28")
    )
    assert Complaint.objects.get().response_due == D(2025, 2, 28)


def test_the_organisation_form_sets_the_default(manager_client):
    org = OrganisationFactory()  # the manager's own
    response = manager_client.post(
        reverse("assessment:organisation-update", args=[org.pk]),
        {"name": org.name, "kind": "local_authority", "default_response_working_days": 25}
        | {"version": 1},
    )
    assert response.status_code == HTTPStatus.FOUND
    org.refresh_from_db()
    assert org.default_response_working_days == 25
    response = manager_client.post(
        reverse("assessment:organisation-update", args=[org.pk]),
        {"name": org.name, "kind": "local_authority", "default_response_working_days": 0}
        | {"version": 2},
    )
    assert "default_response_working_days" in response.context["form"].errors


def test_the_import_template_has_the_columns_and_an_example(officer_client):
    url = reverse("complaints:complaint-import-template")
    assert (
        'href="/complaints/import/template/"'
        in officer_client.get(reverse("complaints:complaint-import")).content.decode()
    )
    response = officer_client.get(url)
    assert response["Content-Disposition"].startswith(
        'attachment; filename="complaints-import-template'
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    assert len(rows) == 2
    example = dict(zip(rows[0], rows[1], strict=True))
    assert example["date_received"] == "2024-04-02"
    assert example["outcome"] == ""
    assert example["relationship"] == "Family member"
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(officer_client.get(url, {"format": "xlsx"}).streaming_content))
    )
    sheet = list(workbook.active.iter_rows(values_only=True))
    assert list(sheet[0]) == COLUMNS
    assert isinstance(sheet[1][1], datetime.datetime)


def test_the_template_imports_as_it_is(officer_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.jobs.helpers import run_started_job

    org = OrganisationFactory()
    body = b"".join(
        officer_client.get(reverse("complaints:complaint-import-template")).streaming_content
    )
    response = officer_client.post(
        reverse("complaints:complaint-import"),
        {
            "organisation": org.pk,
            "file": SimpleUploadedFile("template.csv", body),
            "create_missing": "on",
        },
    )
    assert run_started_job(response).status == "done"
    imported = Complaint.objects.get(organisation=org)
    assert (imported.reference, imported.relationship) == ("ASC-2024-001", "family")

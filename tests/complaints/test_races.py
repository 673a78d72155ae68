"""Two people at once on complaints: neither gets a 500 and no work is lost (real threads, real
connections; see tests/races.py and tests/findings/test_races.py)."""

import datetime
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from complaints import importer
from complaints.importer import saving
from complaints.models import Complaint, ComplaintCategory
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import load_bank_holidays
from tests.factories import make_member
from tests.races import interleave

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def bank_holidays(db):
    """Filled, as after the migration: the race under test is over the reference, not over
    the first fill of a year's bank holidays (which another test flushed)."""
    load_bank_holidays()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _complaint(user, organisation, reference):
    data = {
        "organisation": organisation.pk,
        "reference": reference,
        "date_received": "05/06/2023",
        "relationship": "family",
        "procedure": "statutory",
        "status": "open",
        "lgsco_status": "none",
    }
    return lambda: _client(user).post(reverse("complaints:complaint-create"), data)


def test_two_people_record_a_complaint_with_the_same_reference(monkeypatch, officer, manager):
    organisation = OrganisationFactory(name="Raceshire")
    make_member(officer, organisation, "officer")
    make_member(manager, organisation, "manager")
    first, second = interleave(
        monkeypatch,
        _complaint(officer, organisation, "MAC-1"),
        _complaint(manager, organisation, "MAC-1"),
        pause_in=(Complaint, "save"),
    )
    assert second.result.status_code == HTTPStatus.FOUND
    response = first.result
    assert response.status_code == HTTPStatus.OK  # the form again, not a 500
    assert response.context["form"].errors["reference"] == [
        "A complaint with reference MAC-1 already exists for Raceshire."
    ]
    assert Complaint.objects.count() == 1


def _import(organisation, content, **options):
    return lambda: importer.import_complaints(
        user=None, organisation=organisation, filename="complaints.csv", content=content, **options
    )


@pytest.mark.parametrize("update_existing", [False, True])
def test_two_overlapping_imports(monkeypatch, update_existing):
    organisation = OrganisationFactory(name="Raceshire")
    ours = b"reference,date_received\nMAC-1,2023-06-01\nMAC-2,2023-06-02\nMAC-3,2023-06-03\n"
    theirs = b"reference,date_received\nMAC-2,2023-06-02\nMAC-3,2023-06-03\n"
    first, second = interleave(
        monkeypatch,
        _import(organisation, ours, update_existing=update_existing),
        _import(organisation, theirs),
        pause_in=(saving, "bulk_create_with_history"),
    )
    assert second.error is None
    assert second.result.created == 2
    error = first.error
    assert isinstance(error, importer.ComplaintImportError)  # all or nothing, in words
    assert [(e.row, e.column) for e in error.errors] == [(3, "reference"), (4, "reference")]
    assert "“MAC-2” was added" in str(error.errors[0])
    assert sorted(Complaint.objects.values_list("reference", flat=True)) == ["MAC-2", "MAC-3"]
    assert datetime.date(2023, 6, 1) not in Complaint.objects.values_list(
        "date_received", flat=True
    )


def test_two_imports_creating_the_same_missing_category(monkeypatch):
    organisation = OrganisationFactory(name="Raceshire")
    header = b"reference,date_received,category\n"
    first, second = interleave(
        monkeypatch,
        _import(organisation, header + b"MAC-1,2023-06-01,Transport\n", create_missing=True),
        _import(organisation, header + b"MAC-2,2023-06-02,Transport\n", create_missing=True),
        pause_in=(ComplaintCategory, "save"),
    )
    assert first.error is None
    assert second.error is None
    assert second.result.created_names == ["Transport"]
    assert first.result.created_names == []  # it found the other's instead
    category = ComplaintCategory.objects.get()
    assert set(category.complaints.values_list("reference", flat=True)) == {"MAC-1", "MAC-2"}

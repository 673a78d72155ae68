"""A complaint reference is one reference whatever its letter case, width or spacing: stored
NFKC-normalised with single spaces, and unique within the organisation upper-cased, in the
form, the import and the database."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from complaints.importer import ComplaintImportError, import_complaints
from complaints.models import Complaint
from complaints.services import save_complaint
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import ComplaintFactory, load_bank_holidays
from tests.complaints.test_import import csv_bytes, org, row  # noqa: F401 (org: a fixture)

pytestmark = pytest.mark.django_db

migration = importlib.import_module("complaints.migrations.0008_reference_unique_in_any_case")


@pytest.fixture(autouse=True)
def bank_holidays(db):
    load_bank_holidays()


def test_a_reference_in_another_case_or_full_width_is_refused_on_the_field(manager):
    existing = ComplaintFactory(reference="ASC-1")
    for typed in ["asc-1", "ＡＳＣ－１", "  Asc-1 "]:
        again = Complaint(
            organisation=existing.organisation,
            reference=typed,
            date_received=existing.date_received,
        )
        with pytest.raises(ValidationError) as error:
            save_complaint(complaint=again, user=manager)
        assert error.value.message_dict["reference"] == [
            f"A complaint with reference ASC-1 already exists for {existing.organisation}."
        ]
    assert Complaint.objects.count() == 1


def test_a_reference_is_stored_normalised(manager, organisation):
    complaint = Complaint(
        organisation=organisation,
        reference="ＡＳＣ－２   x ",
        date_received=ComplaintFactory.date_received,
    )
    save_complaint(complaint=complaint, user=manager)
    assert Complaint.objects.get(pk=complaint.pk).reference == "ASC-2 x"


def test_the_database_refuses_a_reference_differing_only_in_case(organisation):
    ComplaintFactory(reference="ASC-3")
    with pytest.raises(IntegrityError), transaction.atomic():
        ComplaintFactory(reference="asc-3")
    # Another organisation may use it.
    ComplaintFactory(organisation=OrganisationFactory(name="Elsewhere"), reference="asc-3")


def test_an_import_matches_existing_references_in_any_case(org):  # noqa: F811
    ComplaintFactory(organisation=org, reference="IMP-0001", summary="Old")
    rows = [row(1, reference="imp-0001", summary="New")]
    with pytest.raises(ComplaintImportError) as error:
        import_complaints(user=None, organisation=org, filename="c.csv", content=csv_bytes(rows))
    assert "“imp-0001” already exists" in str(error.value.errors[0])
    result = import_complaints(
        user=None,
        organisation=org,
        filename="c.csv",
        content=csv_bytes(rows),
        update_existing=True,
    )
    assert (result.created, result.updated) == (0, 1)
    assert Complaint.objects.get(organisation=org).summary == "New"


def test_an_import_names_rows_whose_references_differ_only_in_case(org):  # noqa: F811
    rows = [row(1, reference="IMP-1"), row(2, reference="imp-1")]
    with pytest.raises(ComplaintImportError) as error:
        import_complaints(user=None, organisation=org, filename="c.csv", content=csv_bytes(rows))
    assert "“imp-1” is also on row 2." in [e.message for e in error.value.errors]
    assert not Complaint.objects.exists()


def test_the_migration_normalises_and_stops_at_a_clash(organisation):
    from django.apps import apps

    complaint = ComplaintFactory(reference="X-1")
    Complaint.objects.filter(pk=complaint.pk).update(reference="  Ｘ－1 ")
    migration.normalise_references(apps, None)
    assert Complaint.objects.get(pk=complaint.pk).reference == "X-1"

    other = ComplaintFactory(reference="Y-1")
    Complaint.objects.filter(pk=other.pk).update(reference="x-1 ")  # bypassing the form
    with pytest.raises(RuntimeError, match="“X-1” and “x-1 ”"):
        migration.normalise_references(apps, None)
    assert Complaint.objects.get(pk=other.pk).reference == "x-1 "  # nothing changed

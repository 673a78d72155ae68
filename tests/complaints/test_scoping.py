"""Complaints of one council, as a member of another sees them: not at all.

The list, its download and the annual report count only the user's councils' complaints; the
filters, the complaint form, the import form and the report's choice of council offer only
theirs (and refuse another's when sent). Another council's complaint is a 404:
tests/test_cross_organisation.py.
"""

import csv
import io
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from assessment.roles import MANAGER, VIEWER
from complaints.models import Complaint, ComplaintCategory, ServiceArea
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, make_member
from tests.tenancy import two_organisations

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cqc_framework):
    world = two_organisations()
    for key in ("a", "b"):
        organisation = world[key]["organisation"]
        ComplaintFactory.create_batch(3, organisation=organisation, summary=f"More {key}")
    return world


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_and_its_download_hold_only_the_users_council(world):
    client = client_of(world["b_users"]["officer"])
    response = client.get(reverse("complaints:complaint-list"))
    rows = list(response.context["object_list"])
    assert {c.organisation for c in rows} == {world["b"]["organisation"]}
    assert len(rows) == 4
    assert "ASHIRE-ONLY" not in response.content.decode()
    download = client.get(reverse("complaints:complaint-export"))
    exported = list(
        csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig")))
    )
    assert {row["organisation"] for row in exported} == {"Bshire"}
    assert len(exported) == 4


def test_the_filters_offer_and_accept_only_the_users_councils(world):
    client = client_of(world["b_users"]["officer"])
    url = reverse("complaints:complaint-list")
    b = world["b"]["organisation"]
    form = client.get(url, {"organisation": b.pk}).context["filter"].form
    assert [label for _, label in form.fields["organisation"].choices] == [
        "All organisations",
        "Bshire",
    ]
    assert set(form.fields["category"].queryset) == set(b.complaint_categories.all())
    assert len(form.fields["category"].queryset) == 4
    a = world["a"]
    for query in ({"organisation": a["organisation"].pk}, {"category": a["category"].pk}):
        response = client.get(url, query)
        assert response.context["filter"].errors
        assert list(response.context["object_list"]) == []
        download = client.get(reverse("complaints:complaint-export"), query)
        assert download.status_code == HTTPStatus.FOUND  # nothing exported: back to the list


def test_the_report_is_of_the_users_council_only(world):
    client = client_of(world["b_users"]["officer"])
    url = reverse("complaints:complaints-report")
    response = client.get(url, {"year": 2023})
    report = response.context["report"]
    assert report.organisation == world["b"]["organisation"]
    assert report.received.current == 4
    choices = response.context["form"].fields["organisation"].queryset
    assert list(choices) == [world["b"]["organisation"]]
    # Asked for A's report: not shown, not named; their own is, saying so.
    asked = client.get(url, {"organisation": world["a"]["organisation"].pk, "year": 2023})
    assert asked.context["report"].organisation == world["b"]["organisation"]
    messages = [str(m) for m in asked.context["messages"]]
    assert messages == ["That organisation was not found: showing another."]
    assert "Ashire" not in asked.content.decode()


def test_a_complaint_is_recorded_only_where_the_role_allows(world):
    """The form offers the organisations where the user may record complaints and their
    categories and service areas; another council's, sent anyway, is refused on its field."""
    officer = world["b_users"]["officer"]
    make_member(officer, OrganisationFactory(name="Cshire"), VIEWER)  # may read, not record
    client = client_of(officer)
    url = reverse("complaints:complaint-create")
    form = client.get(url).context["form"]
    b = world["b"]
    assert list(form.fields["organisation"].queryset) == [b["organisation"]]
    assert form.initial["organisation"] == b["organisation"]  # the only one: chosen
    assert set(form.fields["category"].queryset) == set(
        ComplaintCategory.objects.filter(organisation=b["organisation"])
    )
    assert set(form.fields["service_area"].queryset) == set(
        ServiceArea.objects.filter(organisation=b["organisation"])
    )
    a = world["a"]
    started = client.get(url, {"organisation": a["organisation"].pk}).context["form"]
    assert "organisation" not in started.initial  # not A's
    response = client.post(
        url,
        {
            "organisation": a["organisation"].pk,
            "reference": "X-1",
            "date_received": "2024-05-01",
            "category": a["category"].pk,
            "relationship": "self",
            "procedure": "statutory",
            "status": "open",
            "lgsco_status": "none",
        },
    )
    errors = response.context["form"].errors
    assert "Select a valid choice" in errors["organisation"][0]
    assert "Select a valid choice" in errors["category"][0]
    assert not Complaint.objects.filter(reference="X-1").exists()


def test_the_import_goes_only_to_the_users_councils(world):
    response = client_of(world["b_users"]["officer"]).get(reverse("complaints:complaint-import"))
    organisations = response.context["form"].fields["organisation"].queryset
    assert list(organisations) == [world["b"]["organisation"]]


def test_the_complaint_page_offers_what_the_role_there_allows(world):
    """A viewer here who manages another council sees no Edit or Delete here."""
    viewer = make_member(UserFactory(username="b-viewer"), world["b"]["organisation"], VIEWER).user
    make_member(viewer, OrganisationFactory(name="Cshire"), MANAGER)
    page = client_of(viewer).get(world["b"]["complaint"].get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assert (page.context["can_edit"], page.context["can_delete"]) == (False, False)
    assert "Edit complaint" not in page.content.decode()
    manager_page = client_of(world["b_users"]["manager"]).get(
        world["b"]["complaint"].get_absolute_url()
    )
    assert (manager_page.context["can_edit"], manager_page.context["can_delete"]) == (True, True)

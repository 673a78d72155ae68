"""Who can do what, and who creates organisations (administrators only)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from assessment.models import Organisation
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return UserFactory(
        username="root", first_name="Ada", last_name="Admin", is_superuser=True, is_staff=True
    )


def test_the_page_lists_each_roles_permissions(officer_client, officer, admin_user):
    page = officer_client.get(reverse("assessment:roles"))
    assert page.status_code == HTTPStatus.OK
    rows = {row.name: row.held for row in page.context["rows"]}
    # (viewer, officer, manager)
    assert rows["Can view complaint"] == (True, True, True)
    assert rows["Can add complaint"] == (False, True, True)
    assert rows["Can delete complaint"] == (False, False, True)
    assert rows["Can add membership"] == (False, False, True)
    assert "Can add organisation" not in rows
    html = page.content.decode()
    assert "Only administrators create organisations: ask Ada Admin." in html
    assert "Test Borough Council</a>: officer" in html


def test_the_page_names_the_support_contact_too(client, nobody, admin_user, settings):
    settings.SUPPORT_CONTACT = "the IT service desk, 01632 960000"
    client.force_login(nobody)
    html = client.get(reverse("assessment:roles")).content.decode()
    assert "ask Ada Admin (or the IT service desk, 01632 960000)." in html
    assert "You are not a member of any organisation yet" in html


def test_the_page_reads_a_fixed_number_of_queries(
    officer_client, officer, django_assert_max_num_queries
):
    from tests.assessment.factories import OrganisationFactory

    for n in range(55):
        make_member(officer, OrganisationFactory(name=f"Council {n}"), "viewer")
    with django_assert_max_num_queries(9):
        page = officer_client.get(reverse("assessment:roles"))
    assert page.content.decode().count("Council ") >= 55


def test_the_account_menu_links_to_it(officer_client):
    html = officer_client.get(reverse("dashboard")).content.decode()
    assert reverse("assessment:roles") in html


@pytest.mark.parametrize("role", ["officer", "manager"])
def test_members_are_told_administrators_create_organisations(
    client, organisation, admin_user, role
):
    member = make_member(UserFactory(), organisation, role).user
    client.force_login(member)
    url = reverse("assessment:organisation-create")
    for response in (client.get(url), client.post(url, {"name": "New", "kind": "other"})):
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "Only administrators create organisations: ask Ada Admin." in (
            response.content.decode()
        )
    assert not Organisation.objects.filter(name="New").exists()
    listing = client.get(reverse("assessment:organisation-list")).content.decode()
    assert "Administrators create organisations" in listing
    assert url not in listing


def test_an_administrator_creates_an_organisation(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("assessment:organisation-create"),
        {"name": "Westmoor Council", "kind": "local_authority", "code": "E06000001"},
    )
    assert response.url == Organisation.objects.get(name="Westmoor Council").get_absolute_url()

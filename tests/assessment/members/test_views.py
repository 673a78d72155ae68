"""The members pages: who sees what, every refusal on its field or row, another
organisation's members a 404, the list's queries pinned with 50+ members."""

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.members.models import Invitation
from assessment.models import Membership, Organisation
from tests.assessment.factories import OrganisationFactory
from tests.assessment.members.helpers import invite
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db
User = get_user_model()


def members_url(organisation) -> str:
    return reverse("assessment:member-list", args=[organisation.pk])


def membership_of(user) -> Membership:
    return Membership.objects.get(user=user)


# --- the list ----------------------------------------------------------------------------------


def test_a_manager_sees_members_roles_and_the_buttons(manager_client, organisation, officer):
    invite(organisation, email="waiting@example.org", by=membership_of_manager(organisation))
    page = manager_client.get(members_url(organisation))
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert "Members of Test Borough Council" in html
    assert officer.get_full_name() in html
    assert "Add an existing user" in html
    assert "Invite by e-mail" in html
    assert "waiting@example.org" in html
    assert "the only manager" in html
    assert reverse("assessment:member-deactivate", args=[membership_of(officer).pk]) in html


def membership_of_manager(organisation):
    return Membership.objects.get(organisation=organisation, role="manager").user


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_officers_and_viewers_read_the_list_only(client, organisation, manager, role):
    member = make_member(UserFactory(username="reader"), organisation, role).user
    invite(organisation, email="waiting@example.org", by=manager)
    client.force_login(member)
    page = client.get(members_url(organisation))
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert manager.get_full_name() in html
    assert "Invite by e-mail" not in html
    assert "Change role" not in html
    assert "/deactivate/" not in html
    assert "waiting@example.org" not in html  # invitations are the managers' business
    add = reverse("assessment:member-add", args=[organisation.pk])
    assert client.get(add).status_code == HTTPStatus.FORBIDDEN


def test_another_organisations_members_are_a_404(client, organisation, officer):
    elsewhere = OrganisationFactory(name="Elsewhere Council")
    stranger = make_member(UserFactory(username="stranger"), elsewhere, "manager").user
    client.force_login(stranger)
    for name, arg in [
        ("assessment:member-list", organisation.pk),
        ("assessment:member-add", organisation.pk),
        ("assessment:member-invite", organisation.pk),
        ("assessment:member-role", membership_of(officer).pk),
    ]:
        assert client.get(reverse(name, args=[arg])).status_code == HTTPStatus.NOT_FOUND
    url = reverse("assessment:member-deactivate", args=[membership_of(officer).pk])
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    assert membership_of(officer).is_active


def test_the_list_filters_by_name_role_and_status(manager_client, organisation, officer):
    gone = make_member(UserFactory(username="gone", first_name="Gwen"), organisation, "viewer")
    gone.is_active = False
    gone.save()
    url = members_url(organisation)
    page = manager_client.get(url, {"q": "gwen"}).content.decode()
    assert "Gwen" in page
    assert officer.get_full_name() not in page
    page = manager_client.get(url, {"is_active": "false"}).content.decode()
    assert "Deactivated" in page
    assert officer.get_full_name() not in page
    page = manager_client.get(url, {"role": "officer"}).content.decode()
    assert officer.get_full_name() in page
    assert "Gwen" not in page
    assert manager_client.get(url, {"role": "boss"}).status_code == HTTPStatus.OK


def test_member_names_are_escaped(manager_client, organisation):
    make_member(UserFactory(first_name="<script>alert(1)</script>"), organisation, "officer")
    html = manager_client.get(members_url(organisation)).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def grow(organisation, n: int, start: int = 0) -> None:
    users = User.objects.bulk_create(
        User(username=f"member{i}", first_name=f"Member{i}", email=f"m{i}@example.org")
        for i in range(start, start + n)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, role=("officer", "viewer")[i % 2])
        for i, user in enumerate(users)
    )
    for i in range(n // 10):
        Invitation.objects.create(
            organisation=organisation,
            email=f"invited{start + i}@example.org",
            role="viewer",
            token_digest=f"{start + i:064d}",
            expires_at="2999-01-01T00:00:00Z",
        )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(queries)


def test_the_list_reads_a_fixed_number_of_queries(
    manager_client, organisation, django_assert_max_num_queries
):
    grow(organisation, 5)
    url = members_url(organisation)
    small = count_queries(manager_client, url)
    grow(organisation, 60, start=5)
    with django_assert_max_num_queries(11):
        page = manager_client.get(url)
    assert len(page.context["object_list"]) == 25
    assert len(page.context["invitations"]) == 6
    assert count_queries(manager_client, url) == small
    assert count_queries(manager_client, url + "?page=3&q=member") == small


# --- adding and inviting -----------------------------------------------------------------------


def test_a_manager_adds_an_existing_user_by_email(manager_client, organisation):
    newcomer = UserFactory(username="nia", first_name="Nia", last_name="Newcomer")
    url = reverse("assessment:member-add", args=[organisation.pk])
    response = manager_client.post(url, {"user": "NIA@example.org", "role": "viewer"}, follow=True)
    assert response.redirect_chain[-1][0] == members_url(organisation)
    assert "Nia Newcomer is now a viewer of Test Borough Council." in response.content.decode()
    assert membership_of(newcomer).role == "viewer"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"user": "olu", "role": "viewer"}, "user", "is already a member of Test Borough Council"),
        ({"user": "nobody-here", "role": "viewer"}, "user", "invite them by e-mail instead"),
        ({"user": "nia", "role": "boss"}, "role", "“boss” is not a role"),
        ({"user": "", "role": "viewer"}, "user", "This field is required."),
    ],
)
def test_adding_refusals_show_on_the_field(
    manager_client, organisation, officer, data, field, message
):
    UserFactory(username="nia")
    before = list(Membership.objects.values_list("pk", "role", "is_active"))
    url = reverse("assessment:member-add", args=[organisation.pk])
    response = manager_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode().replace("&quot;", '"')
    assert "Nothing was changed" in response.content.decode()
    assert list(Membership.objects.values_list("pk", "role", "is_active")) == before


def test_a_manager_invites_by_email(manager_client, organisation):
    url = reverse("assessment:member-invite", args=[organisation.pk])
    response = manager_client.post(url, {"email": "new.person@example.org", "role": "officer"})
    assert response.status_code == HTTPStatus.FOUND
    assert len(mail.outbox) == 1
    assert "/invitations/accept/" in mail.outbox[0].body
    assert Invitation.objects.get().created_by.username == "morgan"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "olu@example.org", "role": "viewer"}, "email", "already a member"),
        ({"email": "not an address", "role": "viewer"}, "email", "valid email address"),
        ({"email": "x@example.org", "role": "owner"}, "role", "“owner” is not a role"),
    ],
)
def test_invitation_refusals_show_on_the_field(
    manager_client, organisation, officer, data, field, message
):
    url = reverse("assessment:member-invite", args=[organisation.pk])
    response = manager_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert message in " ".join(response.context["form"].errors[field])
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_invite_again_fills_the_form_in(manager_client, organisation):
    url = reverse("assessment:member-invite", args=[organisation.pk])
    page = manager_client.get(url, {"email": "late@example.org", "role": "viewer"})
    form = page.context["form"]
    assert (form.initial["email"], form.initial["role"]) == ("late@example.org", "viewer")
    assert not mail.outbox


# --- changing roles, deactivating, withdrawing --------------------------------------------------


def test_a_manager_changes_a_role(manager_client, officer):
    url = reverse("assessment:member-role", args=[membership_of(officer).pk])
    assert manager_client.get(url).context["form"].initial == {"role": "officer"}
    response = manager_client.post(url, {"role": "manager"})
    assert response.status_code == HTTPStatus.FOUND
    assert membership_of(officer).role == "manager"


def test_demoting_the_last_manager_is_refused_on_the_field(manager_client, manager):
    url = reverse("assessment:member-role", args=[membership_of(manager).pk])
    response = manager_client.post(url, {"role": "viewer"})
    assert response.status_code == HTTPStatus.OK
    assert "last active manager" in " ".join(response.context["form"].errors["role"])
    assert membership_of(manager).role == "manager"


def test_deactivating_the_last_manager_is_refused_with_a_message(manager_client, manager):
    url = reverse("assessment:member-deactivate", args=[membership_of(manager).pk])
    response = manager_client.post(url, follow=True)
    html = response.content.decode()
    assert "Nothing was changed" in html
    assert "is the last active manager of Test Borough Council" in html
    assert membership_of(manager).is_active


def test_deactivate_and_reactivate_a_member(manager_client, officer):
    membership = membership_of(officer)
    url = reverse("assessment:member-deactivate", args=[membership.pk])
    response = manager_client.post(url, follow=True)
    assert "deactivated: they no longer have access" in response.content.decode()
    assert not membership_of(officer).is_active
    assert manager_client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    manager_client.post(reverse("assessment:member-reactivate", args=[membership.pk]))
    assert membership_of(officer).is_active


def test_a_manager_withdraws_an_invitation(manager_client, organisation, manager):
    invitation, _ = invite(organisation, by=manager)
    url = reverse("assessment:invitation-withdraw", args=[invitation.pk])
    response = manager_client.post(url, follow=True)
    assert "Invitation to new.person@example.org withdrawn." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.WITHDRAWN
    again = manager_client.post(url, follow=True)
    assert "not waiting any more" in again.content.decode()


# --- the organisation's page and details -------------------------------------------------------


def test_the_organisation_page_links_to_its_members(officer_client, organisation, manager):
    page = officer_client.get(organisation.get_absolute_url()).content.decode()
    assert members_url(organisation) in page
    assert "members</a>" in page


def test_a_manager_edits_their_organisations_details(manager_client, organisation):
    url = reverse("assessment:organisation-update", args=[organisation.pk])
    data = {"name": "Test Borough Council", "kind": "local_authority", "region": "North East"}
    data["default_response_working_days"] = "15"
    data["version"] = organisation.version
    response = manager_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    organisation.refresh_from_db()
    assert (organisation.region, organisation.default_response_working_days) == (
        "North East",
        15,
    )


def test_a_manager_of_another_organisation_does_not_edit_it(client, organisation):
    elsewhere = make_member(UserFactory(), OrganisationFactory(name="Elsewhere"), "manager").user
    client.force_login(elsewhere)
    url = reverse("assessment:organisation-update", args=[organisation.pk])
    response = client.post(url, {"name": "Taken over", "kind": "local_authority"})
    assert response.status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND}
    assert not Organisation.objects.filter(name="Taken over").exists()


def test_a_manager_leaving_goes_to_the_dashboard(manager_client, organisation, manager):
    make_member(UserFactory(username="deputy"), organisation, "manager")
    url = reverse("assessment:member-deactivate", args=[membership_of(manager).pk])
    response = manager_client.post(url)
    assert response.url == reverse("dashboard")
    assert not membership_of(manager).is_active
    assert manager_client.get(members_url(organisation)).status_code == HTTPStatus.FORBIDDEN

"""The e-mailed link, opened in a browser without an account: set a username and password,
join the organisation; a used, expired, withdrawn or unknown link says so and changes
nothing."""

import datetime
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from assessment.members import services
from assessment.members.models import Invitation
from assessment.models import Membership
from tests.assessment.members.helpers import invite

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a-long-unusual-password-42"


def accept_url(token: str) -> str:
    return reverse("assessment:invitation-accept", args=[token])


def account(username="newp", **overrides):
    return {
        "username": username,
        "first_name": "New",
        "last_name": "Person",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | overrides


@pytest.fixture
def token(organisation, manager):
    return invite(organisation, role="viewer", by=manager)[1]


def test_the_link_shows_the_organisation_and_role(client, token):
    page = client.get(accept_url(token))
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert "Join Test Borough Council" in html
    assert "invited as viewer" in html
    assert "new.person@example.org" in html


def test_accepting_creates_the_account_logs_in_and_lands_on_the_dashboard(
    client, organisation, token
):
    response = client.post(accept_url(token), account(), follow=True)
    assert response.redirect_chain == [(reverse("dashboard"), HTTPStatus.FOUND)]
    assert "Welcome, New Person: you are a viewer of Test Borough Council." in (
        response.content.decode()
    )
    user = User.objects.get(username="newp")
    assert response.context["user"] == user
    assert user.email == "new.person@example.org"
    assert Membership.objects.get(user=user).role == "viewer"
    assert client.get(reverse("complaints:complaint-list")).status_code == HTTPStatus.OK


def test_a_link_used_twice_says_so_and_changes_nothing(client, token):
    client.post(accept_url(token), account())
    client.logout()
    users = User.objects.count()
    for response in (client.get(accept_url(token)), client.post(accept_url(token), account("x"))):
        assert response.status_code == HTTPStatus.GONE
        assert "This invitation has already been used" in response.content.decode()
        assert "Nothing was changed." in response.content.decode()
    assert User.objects.count() == users


def test_an_expired_link_says_so_and_changes_nothing(client, token):
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(accept_url(token), account())
    assert response.status_code == HTTPStatus.GONE
    html = response.content.decode()
    assert "This invitation has expired" in html
    assert "Ask a manager of Test Borough Council to invite you again" in html
    assert not User.objects.filter(username="newp").exists()


def test_a_withdrawn_link_says_so(client, token, manager):
    services.withdraw_invitation(invitation=Invitation.objects.get(), user=manager)
    response = client.get(accept_url(token))
    assert response.status_code == HTTPStatus.GONE
    assert "This invitation was withdrawn" in response.content.decode()


@pytest.mark.parametrize("bad", ["not-a-token", "x" * 300, "%00"])
def test_an_unknown_link_is_a_404_in_words(client, token, bad):
    response = client.get(accept_url(bad))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "This invitation link is not valid" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "MORGAN"}, "username", "This username is taken"),
        ({"password2": "something-else-entirely"}, "password2", "didn’t match"),
        ({"password1": "123", "password2": "123"}, "password2", "too short"),
        ({"username": "bad name!"}, "username", "Enter a valid username"),
        ({"first_name": ""}, "first_name", "This field is required"),
    ],
)
def test_bad_input_shows_on_the_field_and_the_link_still_works(
    client, token, manager, overrides, field, message
):
    users = User.objects.count()
    response = client.post(accept_url(token), account(**overrides))
    assert response.status_code == HTTPStatus.OK
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.count() == users
    assert Invitation.objects.get().status == Invitation.Status.PENDING
    assert client.post(accept_url(token), account()).status_code == HTTPStatus.FOUND


def test_the_password_may_not_resemble_the_address(client, token):
    response = client.post(
        accept_url(token), account(password1="new.person1", password2="new.person1")
    )
    assert "too similar" in " ".join(response.context["form"].errors["password2"])

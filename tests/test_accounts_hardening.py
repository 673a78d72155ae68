"""Login and password pages under hostile input: every failure is counted, never a 500;
the old password cannot be guessed on the change page; reset e-mails are rationed."""

from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_nul_in_the_user_agent_is_a_counted_failure_not_a_500(client):
    UserFactory(username="olu")
    for _ in range(5):
        response = client.post(
            reverse("login"),
            {"username": "olu", "password": WRONG},
            HTTP_USER_AGENT="a\x00b",
        )
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS)
    assert AccessAttempt.objects.get(username="olu").user_agent == "ab"
    locked = client.post(reverse("login"), {"username": "olu", "password": TEST_PASSWORD})
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_an_overlong_username_is_a_counted_failure_and_a_nul_one_is_refused(client):
    response = client.post(reverse("login"), {"username": "u" * 300, "password": WRONG})
    assert response.status_code == HTTPStatus.OK
    assert AccessAttempt.objects.filter(username="u" * 150).exists()
    # A NUL is refused by the form itself: no password is checked, nothing to count.
    response = client.post(reverse("login"), {"username": "ol\x00u", "password": WRONG})
    assert response.status_code == HTTPStatus.OK
    assert "Null characters are not allowed." in response.context["form"].errors["username"]


def change(client, old):
    return client.post(
        reverse("password_change"),
        {
            "old_password": old,
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )


def test_wrong_old_passwords_lock_the_account_and_end_the_session(client, officer):
    client.force_login(officer)
    for _ in range(4):
        assert change(client, WRONG).status_code == HTTPStatus.OK
    response = change(client, WRONG)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "This account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    officer.refresh_from_db()
    assert officer.check_password(TEST_PASSWORD)
    # The right password no longer logs in until the lock ends.
    login = client.post(reverse("login"), {"username": officer.username, "password": TEST_PASSWORD})
    assert login.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_right_old_password_still_changes_it(client, officer):
    client.force_login(officer)
    assert change(client, WRONG).status_code == HTTPStatus.OK
    assert change(client, TEST_PASSWORD).status_code == HTTPStatus.FOUND
    officer.refresh_from_db()
    assert officer.check_password("a-new-long-passphrase-9")


def test_reset_emails_to_one_address_are_rationed(client, settings):
    settings.PASSWORD_RESET_EMAILS_PER_HOUR = 3
    UserFactory(username="olu", email="olu@example.org")
    for _ in range(10):
        response = client.post(reverse("password_reset"), {"email": "OLU@example.org "})
        assert response["Location"] == reverse("password_reset_done")  # the same answer
    assert len(mail.outbox) == 3

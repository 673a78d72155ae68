"""Accounts: login throttling (django-axes), password change and password reset by e-mail."""

import datetime
import re
from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from assessment.models import Organisation
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def fail(client, username, times):
    for _ in range(times):
        response = log_in(client, username, WRONG)
    return response


# --- login throttling ---------------------------------------------------------------------


def test_four_failures_then_the_right_password_logs_in(client):
    user = UserFactory(username="olu")
    response = fail(client, "olu", 4)
    assert response.status_code == HTTPStatus.OK
    assert "didn't match" in response.content.decode()
    response = log_in(client, "olu", TEST_PASSWORD)
    assert response.status_code == HTTPStatus.FOUND
    assert logged_in_as(client) == str(user.pk)


def test_five_failures_lock_the_username_even_for_the_right_password(client, settings):
    settings.SUPPORT_CONTACT = "the IT service desk, 01632 960000"
    UserFactory(username="olu")
    response = fail(client, "olu", 5)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    response = log_in(client, "olu", TEST_PASSWORD)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert logged_in_as(client) is None
    page = response.content.decode()
    # The login page itself, saying why, for how long and whom to ask.
    assert 'data-testid="locked-out"' in page
    assert "This account is locked" in page
    assert "in about 15 minutes" in page
    assert "ask an administrator to unlock it: the IT service desk, 01632 960000" in page
    assert 'name="password"' in page
    assert "Forgotten your password?" in page


def test_the_limit_and_the_lock_come_from_settings(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    UserFactory(username="olu")
    assert fail(client, "olu", 2).status_code == HTTPStatus.TOO_MANY_REQUESTS
    response = log_in(client, "olu", TEST_PASSWORD)
    assert "in about 30 minutes" in response.content.decode()


def test_another_username_is_not_locked(client):
    UserFactory(username="olu")
    other = UserFactory(username="morgan")
    fail(client, "olu", 5)
    response = log_in(client, "morgan", TEST_PASSWORD)
    assert response.status_code == HTTPStatus.FOUND
    assert logged_in_as(client) == str(other.pk)


def test_the_lock_is_by_username_whatever_the_browser_or_address(client):
    UserFactory(username="olu")
    for number in range(5):
        Client(REMOTE_ADDR=f"203.0.113.{number}", HTTP_USER_AGENT=f"agent {number}").post(
            reverse("login"), {"username": "olu", "password": WRONG}
        )
    response = log_in(client, "olu", TEST_PASSWORD)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert logged_in_as(client) is None


def test_after_the_cool_off_the_right_password_works(client):
    user = UserFactory(username="olu")
    fail(client, "olu", 5)
    # As if the failures happened 16 minutes ago.
    AccessAttempt.objects.filter(username="olu").update(
        attempt_time=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=16)
    )
    response = log_in(client, "olu", TEST_PASSWORD)
    assert response.status_code == HTTPStatus.FOUND
    assert logged_in_as(client) == str(user.pk)


def test_tries_while_locked_do_not_extend_the_lock(client):
    UserFactory(username="olu")
    fail(client, "olu", 5)
    ten_minutes_ago = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=10)
    AccessAttempt.objects.filter(username="olu").update(attempt_time=ten_minutes_ago)
    response = fail(client, "olu", 3)
    assert "in about 5 minutes" in response.content.decode()
    assert AccessAttempt.objects.get(username="olu").attempt_time == ten_minutes_ago


def test_a_superuser_unlocks_an_account_in_the_admin(client):
    user = UserFactory(username="olu")
    fail(client, "olu", 5)
    attempt = AccessAttempt.objects.get(username="olu")
    admin = Client()
    admin.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == HTTPStatus.OK
    assert "olu" in changelist.content.decode()
    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not AccessAttempt.objects.filter(username="olu").exists()
    response = log_in(client, "olu", TEST_PASSWORD)
    assert response.status_code == HTTPStatus.FOUND
    assert logged_in_as(client) == str(user.pk)


def test_an_officer_cannot_see_or_clear_login_attempts(client, officer_client):
    fail(client, "olu", 5)
    attempt = AccessAttempt.objects.get(username="olu")
    response = officer_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("admin:login"))
    assert AccessAttempt.objects.filter(username="olu").exists()


# --- password change ----------------------------------------------------------------------


def test_every_user_has_a_change_password_link(client, nobody):
    client.force_login(nobody)
    response = client.get(reverse("dashboard"))
    assert f'href="{reverse("password_change")}"' in response.content.decode()


def test_a_user_without_staff_rights_changes_their_password(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("password_change_done")
    # Still logged in here (the session's hash follows the new password).
    assert client.get(reverse("dashboard")).status_code == HTTPStatus.OK
    fresh = Client()
    assert log_in(fresh, "olu", TEST_PASSWORD).status_code == HTTPStatus.OK
    assert logged_in_as(fresh) is None
    assert log_in(fresh, "olu", "a-new-long-passphrase-9").status_code == HTTPStatus.FOUND
    assert logged_in_as(fresh) == str(officer.pk)


def test_change_needs_the_current_password(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": WRONG,
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )
    assert response.status_code == HTTPStatus.OK
    officer.refresh_from_db()
    assert officer.check_password(TEST_PASSWORD)


def test_change_password_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("login"))


# --- password reset by e-mail -------------------------------------------------------------


def test_login_page_links_to_password_reset(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}">Forgotten your password?' in page


def request_reset(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def test_reset_mails_a_link_that_sets_a_new_password(client):
    user = UserFactory(username="olu", email="olu@example.org")
    response = request_reset(client, "olu@example.org")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["olu@example.org"]
    assert message.subject == "Reset your Inspection tracker password"
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)
    # Django swaps the token for a session key on the first visit, then shows the form.
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url,
        {"new_password1": "a-new-long-passphrase-9", "new_password2": "a-new-long-passphrase-9"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("password_reset_complete")
    assert log_in(client, "olu", TEST_PASSWORD).status_code == HTTPStatus.OK
    assert log_in(client, "olu", "a-new-long-passphrase-9").status_code == HTTPStatus.FOUND
    assert logged_in_as(client) == str(user.pk)
    # The link works once.
    assert 'data-testid="reset-link-invalid"' in Client().get(link, follow=True).content.decode()


def test_a_reset_by_email_lifts_a_lockout(client):
    UserFactory(username="olu", email="olu@example.org")
    fail(client, "olu", 5)
    request_reset(client, "olu@example.org")
    link = re.search(r"(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    client.post(
        form_url,
        {"new_password1": "a-new-long-passphrase-9", "new_password2": "a-new-long-passphrase-9"},
    )
    assert log_in(client, "olu", "a-new-long-passphrase-9").status_code == HTTPStatus.FOUND


def test_reset_of_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = request_reset(client, "stranger@example.org")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


@pytest.mark.parametrize(
    "name", ["password_reset", "password_reset_done", "password_reset_complete", "login"]
)
def test_reset_pages_are_public(client, name):
    assert client.get(reverse(name)).status_code == HTTPStatus.OK


def test_changing_the_password_logs_out_other_browsers(client, officer):
    other = Client()
    other.force_login(officer)
    client.force_login(officer)
    client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )
    assert client.get(reverse("dashboard")).status_code == HTTPStatus.OK
    response = other.get(reverse("dashboard"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("login"))


# --- sessions and CSRF --------------------------------------------------------------------


def test_logging_in_gives_a_new_session_key_and_logging_out_ends_it(client, settings):
    UserFactory(username="olu")
    session = client.session  # an anonymous session, as a visitor (or an attacker) may plant
    session["seen"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    log_in(client, "olu", TEST_PASSWORD)
    logged_in_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert logged_in_key != session.session_key
    client.post(reverse("logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = logged_in_key
    response = replay.get(reverse("dashboard"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("login"))


def test_posts_without_the_csrf_token_are_refused(manager):
    browser = Client(enforce_csrf_checks=True)
    response = log_in(browser, "morgan", TEST_PASSWORD)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "CSRF" in response.content.decode()
    # Administrators create organisations.
    browser.force_login(UserFactory(username="root", is_superuser=True))
    url = reverse("assessment:organisation-create")
    data = {"name": "Forged", "kind": "local_authority", "region": "North West"}
    response = browser.post(url, data)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "CSRF" in response.content.decode()
    assert not Organisation.objects.filter(name="Forged").exists()
    # The same post with the page's token goes through: the refusal was the missing token.
    browser.get(url)
    response = browser.post(url, data | {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value})
    assert response.status_code == HTTPStatus.FOUND
    assert Organisation.objects.filter(name="Forged").exists()

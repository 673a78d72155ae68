"""Accounts: the login lockout page and the password pages every user may use.

Logging in is throttled by django-axes (settings: AXES_*); a locked-out login is answered by
`lockout_response`, the login page saying so. Password change is for any logged-in user;
password reset by e-mail is public (Django marks its views `login_not_required`).
"""

import hashlib
import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as reset_login_failures
from django import forms
from django.conf import settings
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

# "Too Many Requests": the login page is shown again, with the reason, not a bare error.
LOCKOUT_STATUS = 429


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The login page, saying the username is locked, until when, and whom to ask.

    Called by axes.middleware.AxesMiddleware (settings.AXES_LOCKOUT_CALLABLE) in place of the
    login view's own response when the username has too many recent failures.
    """
    username = get_client_username(request, credentials) or ""
    cool_off = get_cool_off(request)
    now = timezone.now()
    # The lock runs from the failure that set it (tries while locked are not recorded).
    last_failure = AccessAttempt.objects.filter(username=username).aggregate(
        last=Max("attempt_time")
    )["last"]
    until = (last_failure or now) + cool_off
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "locked_out": {"until": until, "minutes": minutes},
        "next": request.POST.get("next", ""),
    }
    return render(request, "registration/login.html", context, status=LOCKOUT_STATUS)


def axes_username(request, credentials=None) -> str:
    """The username axes counts failures against (settings.AXES_USERNAME_CALLABLE): what was
    typed, without NUL characters (PostgreSQL refuses them) and cut to the longest username
    there can be, so that any input is recorded as a failure rather than failing itself."""
    if credentials:
        raw = credentials.get("username")
    else:
        raw = getattr(request, "POST", {}).get("username")
    return (raw or "").replace("\x00", "")[:150]


def support_contact(request) -> dict:
    """Context processor: whom to ask for help (settings.SUPPORT_CONTACT, may be empty)."""
    return {"support_contact": settings.SUPPORT_CONTACT}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the e-mailed link also lifts a login lockout: whoever
    holds the account's mailbox may log in again at once."""

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_login_failures(username=self.user.get_username())
        return response


class GuardedPasswordChangeForm(PasswordChangeForm):
    """A wrong "old password" counts as a failed login for the account (axes), so a borrowed
    session cannot guess the password here any faster than on the login page."""

    def clean_old_password(self):
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.user.get_username()},
                request=self.request,
            )
            raise


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = GuardedPasswordChangeForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.request = self.request
        return form

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        credentials = {"username": request.user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            # Too many wrong old passwords: the account is locked like after failed logins,
            # and this session ends so that it cannot go on guessing.
            logout(request)
            return lockout_response(request, credentials=credentials)
        return response


class ThrottledPasswordResetForm(PasswordResetForm):
    """At most settings.PASSWORD_RESET_EMAILS_PER_HOUR reset e-mails to one address an hour,
    counted in the cache (shared by every worker when CACHES is Redis, as in production).
    The page answers the same either way, so it still reveals nothing about the address."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, **kw
    ):
        digest = hashlib.sha256(to_email.strip().lower().encode()).hexdigest()
        key = f"password-reset:{digest}"
        cache.add(key, 0, timeout=60 * 60)
        if cache.incr(key) > settings.PASSWORD_RESET_EMAILS_PER_HOUR:
            return
        super().send_mail(
            subject_template_name, email_template_name, context, from_email, to_email, **kw
        )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm

"""Accounts: the login lockout page and the password pages every user may use.

Logging in is throttled by django-axes (settings: AXES_*); a locked-out login is answered by
`lockout_response`, the login page saying so. Password change is for any logged-in user;
password reset by e-mail is public (Django marks its views `login_not_required`).
"""

import math

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
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

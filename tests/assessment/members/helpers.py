"""Shared pieces of the members tests: an invitation made through the service, its link."""

from __future__ import annotations

import datetime
import re

from django.core import mail
from django.utils import timezone

from assessment.members import services
from assessment.members.models import Invitation, token_digest

SITE = "http://testserver"


def invite(organisation, email="new.person@example.org", role="officer", *, by):
    """Invite `email` as `by`; returns (invitation, token from the e-mailed link)."""
    invitation, _ = services.invite_member(
        organisation=organisation, email=email, role=role, user=by, site_url=SITE
    )
    return invitation, token_in(mail.outbox[-1].body)


def token_in(body: str) -> str:
    return re.search(r"/invitations/accept/([\w-]+)/", body).group(1)


def waiting_invitation(organisation, token: str) -> Invitation:
    """A waiting invitation to the organisation whose link holds `token` (as `.token`)."""
    made = Invitation.objects.create(
        organisation=organisation,
        email=f"{token}@example.org",
        role="officer",
        token_digest=token_digest(token),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    made.token = token
    return made

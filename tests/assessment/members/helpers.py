"""Shared pieces of the members tests: an invitation made through the service, its link."""

from __future__ import annotations

import re

from django.core import mail

from assessment.members import services

SITE = "http://testserver"


def invite(organisation, email="new.person@example.org", role="officer", *, by):
    """Invite `email` as `by`; returns (invitation, token from the e-mailed link)."""
    invitation, _ = services.invite_member(
        organisation=organisation, email=email, role=role, user=by, site_url=SITE
    )
    return invitation, token_in(mail.outbox[-1].body)


def token_in(body: str) -> str:
    return re.search(r"/invitations/accept/([\w-]+)/", body).group(1)

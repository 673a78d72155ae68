"""An invitation to join an organisation, sent by e-mail to someone without an account yet.

The e-mailed link carries a random token; only its SHA-256 digest is stored, so a copy of the
database cannot be used to accept anyone's invitation. A link works once, until it expires
(INVITATION_DAYS), and stops working when it is withdrawn or a newer one is sent to the same
address for the same organisation.

Registered with the assessment app by assessment/models.py, which imports it (the models are
named by string here, so this module imports nothing of the app's models).
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from assessment import roles
from assessment.tenancy import ScopedQuerySet

INVITATION_DAYS = 7


def token_digest(token: str) -> str:
    """What is stored for an invitation's token (the link holds the token itself)."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"

    def open(self):
        """Neither accepted nor withdrawn (it may still have expired)."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)

    def pending(self, now: datetime.datetime | None = None):
        """Invitations whose link still works: open and not expired."""
        return self.open().filter(expires_at__gt=now or timezone.now())


class Invitation(models.Model):
    """An e-mail address invited into an organisation with a role. Accepting it creates the
    account and the membership; the row stays as the record of who invited whom."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Accepted"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn"

    organisation = models.ForeignKey(
        "assessment.Organisation", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(help_text="Where the invitation is sent.")
    role = models.CharField(
        max_length=20,
        choices=[(role, role.capitalize()) for role in roles.ROLES],
        help_text="The role the new member gets in this organisation.",
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The account created by accepting.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open invitation per address and organisation: sending another withdraws the
            # earlier one first (services.invite_member).
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
            models.CheckConstraint(
                condition=Q(role__in=list(roles.ROLES)), name="invitation_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.role}, {self.organisation_id})"

    def status_at(self, now: datetime.datetime | None = None) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.withdrawn_at:
            return self.Status.WITHDRAWN
        if self.expires_at <= (now or timezone.now()):
            return self.Status.EXPIRED
        return self.Status.PENDING

    @property
    def status(self) -> str:
        return self.status_at()

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def get_role_display(self) -> str:
        return self.role.capitalize()

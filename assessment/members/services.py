"""Writes of an organisation's members and invitations. Each runs in a transaction, checks the
user's role in the organisation (require_perm), validates before saving and raises
ValidationError keyed by the field at fault ("user", "email", "role", "username"), so a refused
write changes nothing. `user` None is trusted code acting for nobody (the add_member command).

Every change to an organisation's members locks the organisation's row first: the rule that an
organisation keeps an active manager is checked against the others while none of them can
change, and two changes in one organisation wait for each other rather than deadlock.
"""

from __future__ import annotations

import datetime
import secrets
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessment.members.models import INVITATION_DAYS, Invitation, token_digest
from assessment.models import Membership, Organisation
from assessment.roles import MANAGER, ROLES
from assessment.tenancy import forget_memberships, require_perm
from core.concurrency import refuse_duplicates
from core.people import person_name

ADD = "assessment.add_membership"
CHANGE = "assessment.change_membership"
INVITE = "assessment.add_invitation"
WITHDRAW = "assessment.change_invitation"
_ONLY_MANAGERS = "Only a manager of the organisation may change its members."


def role_error(role: str) -> ValidationError | None:
    """The error for a role that does not exist (None for a real one)."""
    if role in ROLES:
        return None
    return ValidationError(
        "“%(role)s” is not a role: choose viewer, officer or manager.",
        code="invalid_role",
        params={"role": role},
    )


def check_role(role: str) -> None:
    if error := role_error(role):
        raise ValidationError({"role": error})


def check_not_member(organisation: Organisation, person) -> None:
    """Refuse, on the "user" field, someone already a member (active or deactivated)."""
    existing = Membership.objects.filter(organisation=organisation, user=person).first()
    if existing is None:
        return
    if existing.is_active:
        message = "%(name)s is already a member of %(organisation)s (%(role)s)."
    else:
        message = (
            "%(name)s was a member of %(organisation)s and was deactivated: reactivate them "
            "in the members list."
        )
    params = {
        "name": person_name(person),
        "organisation": organisation,
        "role": existing.get_role_display().lower(),
    }
    raise ValidationError({"user": ValidationError(message, code="already_member", params=params)})


def _lock_organisation(organisation_id: int) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation_id)


def _forget(*users) -> None:
    for person in users:
        if person is not None:
            forget_memberships(person)


@transaction.atomic
def add_member(*, organisation: Organisation, person, role: str, user) -> Membership:
    """Make an existing, active user a member of the organisation with `role`."""
    organisation = _lock_organisation(organisation.pk)
    require_perm(user, ADD, organisation, _ONLY_MANAGERS)
    check_role(role)
    if not person.is_active:
        raise ValidationError(
            {"user": ValidationError("This account is disabled.", code="inactive_user")}
        )
    check_not_member(organisation, person)
    membership = Membership(user=person, organisation=organisation, role=role, created_by=user)
    membership.full_clean(validate_constraints=False)
    with refuse_duplicates(lambda: check_not_member(organisation, person)):
        membership.save()
    _forget(person)
    return membership


def check_keeps_a_manager(membership: Membership, *, role: str, active: bool) -> None:
    """Refuse a change leaving the organisation without an active manager: demoting or
    deactivating its last one. Call with the organisation locked."""
    if not (membership.is_active and membership.role == MANAGER) or (active and role == MANAGER):
        return
    others = (
        Membership.objects.active()
        .filter(organisation_id=membership.organisation_id, role=MANAGER)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(
            "%(name)s is the last active manager of %(organisation)s: make someone else a "
            "manager first.",
            code="last_manager",
            params={"name": person_name(membership.user), "organisation": membership.organisation},
        )


def _locked(membership: Membership) -> Membership:
    _lock_organisation(membership.organisation_id)
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "organisation")
        .get(pk=membership.pk)
    )


@transaction.atomic
def change_role(*, membership: Membership, role: str, user) -> Membership:
    """Give a member another role in their organisation (not the last manager's)."""
    current = _locked(membership)
    require_perm(user, CHANGE, current, _ONLY_MANAGERS)
    check_role(role)
    if current.role == role:
        return current
    try:
        check_keeps_a_manager(current, role=role, active=current.is_active)
    except ValidationError as error:
        raise ValidationError({"role": error}) from None
    current.role = role
    current.save(update_fields=["role"])
    _forget(current.user, user)
    return current


@transaction.atomic
def set_active(*, membership: Membership, active: bool, user) -> Membership:
    """Deactivate a member (they lose access; the row keeps their name on past records) or
    reactivate them. The organisation's last active manager is not deactivated."""
    current = _locked(membership)
    require_perm(user, CHANGE, current, _ONLY_MANAGERS)
    if current.is_active == active:
        return current
    check_keeps_a_manager(current, role=current.role, active=active)
    current.is_active = active
    current.save(update_fields=["is_active"])
    _forget(current.user, user)
    return current


@dataclass
class Ensured:
    membership: Membership
    outcome: str  # "added", "changed", "reactivated" or "unchanged"


@transaction.atomic
def ensure_member(*, organisation: Organisation, person, role: str, user=None) -> Ensured:
    """Make `person` an active member with `role`, whatever they were (the add_member
    command: running it twice changes nothing the second time)."""
    check_role(role)
    existing = Membership.objects.filter(organisation=organisation, user=person).first()
    if existing is None:
        added = add_member(organisation=organisation, person=person, role=role, user=user)
        return Ensured(added, "added")
    if existing.is_active and existing.role == role:
        return Ensured(existing, "unchanged")
    was_active = existing.is_active
    membership = change_role(membership=existing, role=role, user=user)
    if not was_active:
        membership = set_active(membership=membership, active=True, user=user)
    return Ensured(membership, "changed" if was_active else "reactivated")


# --- invitations ------------------------------------------------------------------------------


def check_invitable(organisation: Organisation, email: str) -> None:
    """Refuse, on the "email" field, an address that already has an account: a member is
    not invited twice, and anyone else with an account is added, not invited."""
    account = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if account is None:
        return
    try:
        check_not_member(organisation, account)
    except ValidationError as error:
        raise ValidationError({"email": error.error_dict["user"]}) from None
    raise ValidationError(
        {
            "email": ValidationError(
                "An account with this address already exists: add it with “Add an existing "
                "user” instead.",
                code="has_account",
            )
        }
    )


@transaction.atomic
def invite_member(
    *, organisation: Organisation, email: str, role: str, user, site_url: str
) -> tuple[Invitation, int]:
    """Invite `email` into the organisation with `role` and e-mail them the link (site_url:
    "https://host", where the link points). An open invitation to the same address for the
    same organisation is withdrawn (its link stops working). Returns the invitation and how
    many earlier ones it replaced. If the e-mail cannot be sent, nothing is saved."""
    organisation = _lock_organisation(organisation.pk)
    require_perm(user, INVITE, organisation, "Only a manager of the organisation may invite.")
    email = email.strip()
    check_role(role)
    check_invitable(organisation, email)
    now = timezone.now()
    replaced = (
        Invitation.objects.open().filter(organisation=organisation, email__iexact=email)
    ).update(withdrawn_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token_digest=token_digest(token),
        created_by=user,
        expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean(exclude=["token_digest"], validate_constraints=False)
    invitation.save()
    link = site_url.rstrip("/") + reverse("assessment:invitation-accept", args=[token])
    _send_invitation(invitation, link=link, inviter=user)
    return invitation, replaced


def _send_invitation(invitation: Invitation, *, link: str, inviter) -> None:
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "inviter": person_name(inviter) or "An administrator",
        "link": link,
        "days": INVITATION_DAYS,
    }
    subject = render_to_string("assessment/members/invitation_subject.txt", context).strip()
    body = render_to_string("assessment/members/invitation_email.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except (smtplib.SMTPException, OSError) as error:
        raise ValidationError(
            "The invitation could not be e-mailed (%(error)s), so none was made: try again "
            "later or ask an administrator to check the e-mail settings.",
            code="not_sent",
            params={"error": error.__class__.__name__},
        ) from error


class InvitationUnusable(Exception):
    """The invitation was accepted, withdrawn or has expired: its link does nothing now."""

    def __init__(self, invitation: Invitation, status: str):
        super().__init__(status)
        self.invitation = invitation
        self.status = status


def invitation_for(token: str) -> Invitation | None:
    """The invitation a link's token opens (None: no such link)."""
    return (
        Invitation.objects.select_related("organisation", "created_by")
        .filter(token_digest=token_digest(token))
        .first()
    )


def check_username_free(username: str) -> None:
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {
                "username": ValidationError(
                    "This username is taken: choose another.", code="username_taken"
                )
            }
        )


@transaction.atomic
def accept_invitation(*, token: str, account) -> Membership:
    """Accept an invitation: save `account` (a new, unsaved user with its password set) with the
    invitation's address and make it a member in the invitation's role. InvitationUnusable
    when the link was used, withdrawn or expired; Invitation.DoesNotExist for no such link."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .get(token_digest=token_digest(token))
    )
    status = invitation.status
    if status != Invitation.Status.PENDING:
        raise InvitationUnusable(invitation, status)
    account.email = invitation.email
    check_username_free(account.username)
    account.full_clean(exclude=["password"], validate_unique=False)
    with refuse_duplicates(lambda: check_username_free(account.username)):
        account.save()
    membership = Membership.objects.create(
        user=account,
        organisation=invitation.organisation,
        role=invitation.role,
        created_by=invitation.created_by,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = account
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation, user) -> Invitation:
    """Stop a waiting invitation's link from working."""
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    require_perm(user, WITHDRAW, current, "Only a manager of the organisation may withdraw it.")
    if current.status != Invitation.Status.PENDING:
        raise ValidationError(
            "The invitation to %(email)s was not waiting any more (%(status)s): nothing changed.",
            code="not_pending",
            params={"email": current.email, "status": current.get_status_display().lower()},
        )
    current.withdrawn_at = timezone.now()
    current.save(update_fields=["withdrawn_at"])
    return current

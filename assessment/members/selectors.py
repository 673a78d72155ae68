"""Reads for the members pages and the "who can do what" page. None of them writes."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from assessment.members.models import Invitation
from assessment.models import Membership
from assessment.roles import MANAGER, OFFICER, VIEWER, role_permissions
from core.people import person_name

# The roles in the order the page shows them, least first.
ROLE_COLUMNS = (VIEWER, OFFICER, MANAGER)


def members(organisation):
    """The organisation's memberships with their users, active ones first, by name."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-is_active", "user__first_name", "user__last_name", "user__username", "pk")
    )


def active_manager_count(organisation) -> int:
    return Membership.objects.active().filter(organisation=organisation, role=MANAGER).count()


def open_invitations(organisation, limit: int = 50):
    """The organisation's invitations not accepted or withdrawn (waiting or expired), newest
    first, at most `limit`: old expired ones drop off the page."""
    return list(
        Invitation.objects.open()
        .filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-created_at", "-pk")[:limit]
    )


class FindUserError(Exception):
    """No single active account matches: the message says why."""


def find_user(identifier: str):
    """The user whose username or e-mail address (either, any case) is `identifier`."""
    identifier = identifier.strip()
    found = list(
        get_user_model()
        .objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
        .order_by("pk")[:3]
    )
    by_username = [user for user in found if user.username.lower() == identifier.lower()]
    if by_username:
        return by_username[0]
    if not found:
        raise FindUserError(
            "No account has this username or e-mail address: invite them by e-mail instead."
        )
    if len(found) > 1:
        raise FindUserError("Several accounts use this e-mail address: give the username.")
    return found[0]


@dataclass(frozen=True)
class PermissionRow:
    app: str
    name: str
    held: tuple[bool, ...]  # by ROLE_COLUMNS


def role_table() -> list[PermissionRow]:
    """Every permission a role grants, by app, with which roles hold it (one query)."""
    granted = {role: role_permissions(role) for role in ROLE_COLUMNS}
    every = sorted(set().union(*granted.values()))
    names = {
        (app_label, codename): name
        for app_label, codename, name in Permission.objects.filter(
            codename__in={perm.split(".", 1)[1] for perm in every}
        ).values_list("content_type__app_label", "codename", "name")
    }
    rows = []
    for perm in every:
        app_label, codename = perm.split(".", 1)
        rows.append(
            PermissionRow(
                app=apps.get_app_config(app_label).verbose_name,
                name=names.get((app_label, codename), codename.replace("_", " ")),
                held=tuple(perm in granted[role] for role in ROLE_COLUMNS),
            )
        )
    order = [config.verbose_name for config in apps.get_app_configs()]
    return sorted(rows, key=lambda row: (order.index(row.app), sum(row.held) * -1, row.name))


def administrators() -> list[str]:
    """The names of the active superusers: they create organisations."""
    return [
        person_name(user)
        for user in get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .order_by("first_name", "last_name", "username")
    ]


def who_creates_organisations(names: list[str] | None = None) -> str:
    """A sentence naming who creates organisations, for an officer or manager needing one
    (`names`: administrators(), when already read)."""
    names = administrators() if names is None else names
    who = ", ".join(names) if names else "an administrator of this site"
    sentence = f"Only administrators create organisations: ask {who}"
    if settings.SUPPORT_CONTACT:
        sentence += f" (or {settings.SUPPORT_CONTACT})"
    return sentence + "."


def memberships_of(user):
    """The user's memberships, with their organisations, for "your roles"."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("-is_active", "organisation__name")
    )

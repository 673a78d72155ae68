"""Organisations as tenants: which organisations a user may see, and the one way to scope.

Every model holding an organisation's data has a QuerySet inheriting ScopedQuerySet, naming
the path from the model to its organisation once (`organisation_lookup`). Pages, exports,
reports, counts and pickers start from `Model.objects.for_user(user)`, so another
organisation's row is never read (a 404, not a 403); services check `user.has_perm(perm, obj)`
with the object (assessment.backends.MembershipBackend, which uses organisation_id_of).

A user's memberships are read once per request, in the same query as their own permissions
(load_access), kept on the user object as `user._memberships = {organisation_id: role}`
(active memberships only). Code that changes a
user's memberships calls forget_memberships(user) so the same object reads them again.
"""

from __future__ import annotations

from contextlib import suppress

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection, models

from assessment.roles import role_permissions

_CACHE = "_memberships"


def memberships(user) -> dict[int, str]:
    """{organisation_id: role} of the user's active memberships ({} for an anonymous or
    inactive user). Read once (with the user's own permissions: load_access), then kept on the
    user object."""
    if not (user.is_authenticated and user.is_active):
        return {}
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = load_access(user)
    return cached


# Each row: kind ("member", "user", "group"), organisation id and role (of a membership), app
# label and codename (of a permission given one by one, or through a group, in the admin).
_ACCESS_SQL = """
SELECT 'member', m.organisation_id, m.role, CAST(NULL AS varchar(100)), CAST(NULL AS varchar(100))
  FROM {membership} m WHERE m.user_id = %s AND m.is_active
UNION ALL
SELECT 'user', NULL, NULL, ct.app_label, p.codename
  FROM {user_perms} up
  JOIN {permission} p ON p.id = up.permission_id
  JOIN {content_type} ct ON ct.id = p.content_type_id
 WHERE up.user_id = %s
UNION ALL
SELECT 'group', NULL, NULL, ct.app_label, p.codename
  FROM {user_groups} ug
  JOIN {group_perms} gp ON gp.group_id = ug.group_id
  JOIN {permission} p ON p.id = gp.permission_id
  JOIN {content_type} ct ON ct.id = p.content_type_id
 WHERE ug.user_id = %s
"""


def _access_sql() -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    user_model = get_user_model()  # not type(user): request.user is a lazy object
    return _ACCESS_SQL.format(
        membership=apps.get_model("assessment", "Membership")._meta.db_table,
        user_perms=user_model.user_permissions.through._meta.db_table,
        user_groups=user_model.groups.through._meta.db_table,
        group_perms=Group.permissions.through._meta.db_table,
        permission=Permission._meta.db_table,
        content_type=ContentType._meta.db_table,
    )


def load_access(user) -> dict[int, str]:
    """Everything a request needs to know about what the user may do, in one query (UNION
    ALL): their active memberships, and the permissions given them one by one or through a
    group. Kept on the user object: memberships as `_memberships`, the permissions in the
    attributes Django's ModelBackend keeps them in (so it asks nothing more). A superuser's
    permissions are left to ModelBackend (every permission there is)."""
    held, own, grouped = {}, set(), set()
    with connection.cursor() as cursor:
        cursor.execute(_access_sql(), [user.pk] * 3)
        for kind, organisation_id, role, app_label, codename in cursor.fetchall():
            if kind == "member":
                held[organisation_id] = role
            else:
                (own if kind == "user" else grouped).add(f"{app_label}.{codename}")
    setattr(user, _CACHE, held)
    if not user.is_superuser:
        user._user_perm_cache, user._group_perm_cache = own, grouped
        user._perm_cache = own | grouped
    return held


def forget_memberships(user) -> None:
    """Make the user object read its memberships (and permissions) again (after they
    changed)."""
    for name in (_CACHE, "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        with suppress(AttributeError):
            delattr(user, name)


def organisation_ids(user, perm: str | None = None) -> list[int] | None:
    """The ids of the organisations the user may see (with `perm`: those where their role
    grants it), or None meaning all of them: an active superuser."""
    if user.is_active and user.is_superuser:
        return None
    return sorted(
        organisation_id
        for organisation_id, role in memberships(user).items()
        if perm is None or perm in role_permissions(role)
    )


class ScopedQuerySet(models.QuerySet):
    """A QuerySet of rows that belong to an organisation. Subclasses set organisation_lookup:
    the path from the model to its organisation ("assessment__organisation"; "pk" for
    Organisation itself)."""

    organisation_lookup: str

    def for_user(self, user, perm: str | None = None):
        """The rows of the organisations the user may see (with `perm`: where their role
        grants it); every row for a superuser."""
        ids = organisation_ids(user, perm)
        return self if ids is None else self.in_organisations(ids)

    def in_organisations(self, organisations):
        """The rows of these organisations (Organisations or their ids)."""
        ids = [getattr(organisation, "pk", organisation) for organisation in organisations]
        return self.filter(**{f"{self.organisation_lookup}__in": ids})


def organisation_lookup_of(model) -> str | None:
    """The model's path to its organisation (None for a model not scoped to one)."""
    return getattr(model._default_manager.all(), "organisation_lookup", None)


def organisation_id_of(obj) -> int | None:
    """The id of the organisation `obj` belongs to (an Organisation: its own), following its
    QuerySet's organisation_lookup through the object's relations; None when unset.
    TypeError for an object of a model that belongs to no organisation."""
    lookup = organisation_lookup_of(type(obj))
    if lookup is None:
        raise TypeError(f"{type(obj).__name__} does not belong to an organisation.")
    if lookup == "pk":
        return obj.pk
    *path, last = lookup.split("__")
    for name in path:
        obj = getattr(obj, name)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def require_perm(user, perm: str, obj, message: str) -> None:
    """PermissionDenied(message) unless `user` may `perm` on `obj`: an object of an
    organisation, or an Organisation (to create something in it). With obj None (no
    organisation chosen yet) it is refused too: a write always names its organisation.
    `user` None is trusted code acting for nobody (a management command, the demo loader)."""
    if user is None:
        return
    if obj is None or not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def members_of(organisation, roles=None):
    """The active users who are active members of the organisation (with one of `roles`, when
    given), by name: who may be chosen as an owner or lead there."""
    return members_of_any([organisation], roles)


def members_of_any(organisations, roles=None):
    """The active users who are active members of any of `organisations` (Organisations or
    their ids; None: of any organisation), with one of `roles` in it when given, by name. The
    role is that of the same membership (one EXISTS, no join fan-out): an officer here who
    manages elsewhere is not a manager here."""
    from django.contrib.auth import get_user_model

    membership = apps.get_model("assessment", "Membership").objects.filter(
        user_id=models.OuterRef("pk"), is_active=True
    )
    if organisations is not None:
        ids = [getattr(organisation, "pk", organisation) for organisation in organisations]
        membership = membership.filter(organisation_id__in=ids)
    if roles is not None:
        membership = membership.filter(role__in=list(roles))
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(models.Exists(membership))
        .order_by("first_name", "last_name", "username")
    )


def people_seen_by(user, roles=None):
    """The people of the organisations the user may see (with one of `roles` there, when
    given): what a filter of owners lists. A superuser sees the members of every organisation."""
    return members_of_any(organisation_ids(user), roles)

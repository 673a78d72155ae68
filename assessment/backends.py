"""Permissions from memberships: a role held in an organisation grants that role's permissions
(assessment.roles) for that organisation's objects.

Listed in AUTHENTICATION_BACKENDS after axes' backend and before ModelBackend (which still
serves superusers and permissions given one by one in the admin); it authenticates nobody.
Asked first, it reads the user's memberships and their own permissions in one query
(tenancy.load_access), leaving ModelBackend nothing to read.
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend, ModelBackend

from assessment.roles import role_permissions
from assessment.tenancy import memberships, organisation_id_of, organisation_lookup_of


class MembershipBackend(BaseBackend):
    """`user.has_perm(perm)`: the user's role grants `perm` in any organisation they are an
    active member of (page access, navigation, "may create something somewhere").
    `user.has_perm(perm, obj)`: their role in the organisation `obj` belongs to grants it (obj
    may be an Organisation: "may create this there"). An inactive user, or an inactive
    membership, grants nothing; a superuser has everything (User.has_perm says so first)."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not (user_obj.is_authenticated and user_obj.is_active):
            return set()
        held = memberships(user_obj)
        if not held:
            return set()
        if obj is None:
            return set().union(*(role_permissions(role) for role in set(held.values())))
        if organisation_lookup_of(type(obj)) is None:
            return set()  # not an organisation's object: memberships say nothing about it
        role = held.get(organisation_id_of(obj))
        return set(role_permissions(role)) if role else set()

    def get_user(self, user_id):
        """As ModelBackend: this backend comes first in the list, so a session logged in
        without a password (force_login) names it."""
        return ModelBackend().get_user(user_id)

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

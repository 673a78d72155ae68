"""The roles a member of an organisation may hold, and what each allows, as data.

Every app declares its own role permissions as `role_permissions` on its AppConfig: codenames
of its own models' permissions, for officers and for managers (who also get every officer
permission). So this module names no other app's permissions. A viewer gets every `view_*`
permission the apps declare for officers, and nothing else.

A role is held per organisation (assessment.models.Membership); the authentication backend
(assessment.backends) grants a role's permissions for that organisation's objects.
"""

from __future__ import annotations

from functools import cache

# The values stored in Membership.role.
OFFICER = "officer"
MANAGER = "manager"
VIEWER = "viewer"
ROLES = (VIEWER, OFFICER, MANAGER)


def _declared(role: str) -> frozenset[str]:
    """ "app_label.codename" of what the installed apps declare for `role` themselves."""
    from django.apps import apps

    return frozenset(
        f"{config.label}.{codename}"
        for config in apps.get_app_configs()
        for codename in getattr(config, "role_permissions", {}).get(role, ())
    )


@cache
def role_permissions(role: str) -> frozenset[str]:
    """The permissions ("app_label.codename") a role grants in its organisation; empty for
    an unknown role. Read from the apps' declarations once, then cached."""
    officer = _declared(OFFICER)
    if role == OFFICER:
        return officer
    if role == MANAGER:
        return officer | _declared(MANAGER)
    if role == VIEWER:
        return frozenset(p for p in officer if p.split(".", 1)[1].startswith("view_"))
    return frozenset()


def roles_granting(perm: str) -> list[str]:
    """The roles whose permissions include `perm`, e.g. ["manager"] for approving plans."""
    return [role for role in ROLES if perm in role_permissions(role)]


def has_role(user) -> bool:
    """Whether the user was given any role: a superuser, an active member of an organisation,
    or given permissions one by one in the admin. A user without one may see no data at all."""
    return user.is_active and (user.is_superuser or bool(user.get_all_permissions()))

"""The Officer and Manager groups, filled with what each installed app says they may do.

Every app declares its own role permissions as `role_permissions` on its AppConfig: codenames
of its own models' permissions, for officers and for managers (who also get every officer
permission). So this module names no other app's permissions.

Migrations call `sync_roles` (with historical models) so a fresh database has both groups.
Each app that adds permissions later adds a migration that calls it again: permissions that do
not exist yet are skipped, and picked up by the next sync.
"""

from __future__ import annotations

OFFICER = "Officer"
MANAGER = "Manager"


def role_permissions() -> dict[str, list[str]]:
    """{role: ["app_label.codename", ...]} from the installed apps' declarations. A manager
    gets every officer permission too."""
    from django.apps import apps

    officer: list[str] = []
    manager: list[str] = []
    for config in apps.get_app_configs():
        declared = getattr(config, "role_permissions", {})
        officer += [f"{config.label}.{codename}" for codename in declared.get(OFFICER, ())]
        manager += [f"{config.label}.{codename}" for codename in declared.get(MANAGER, ())]
    return {OFFICER: officer, MANAGER: [*officer, *manager]}


def has_role(user) -> bool:
    """Whether the user was given any role: a superuser, a member of a role's group, or given
    permissions one by one in the admin. A user without one may see no data at all."""
    return user.is_active and (user.is_superuser or bool(user.get_all_permissions()))


def create_all_permissions(apps) -> None:
    """Permissions are normally made after migrate; a data migration needs them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # create_permissions skips an app without a models module, as a migration's apps
        # have; the app registry's own keep theirs (post_migrate needs them after a flush).
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module


def sync_roles(apps) -> None:
    """Create the groups and give each exactly the permissions of role_permissions() that
    exist. `apps`: the migration's historical registry (the declarations are read from the
    installed apps)."""
    create_all_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, wanted in role_permissions().items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = []
        for dotted in wanted:
            app_label, codename = dotted.split(".", 1)
            permissions.extend(
                permission_model.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(permissions)

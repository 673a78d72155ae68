"""The Officer and Manager groups and what each may do, as data.

Migrations call `sync_roles` (with historical models) so a fresh database has both groups.
Each app that adds permissions later adds a migration that calls it again: permissions that do
not exist yet are skipped, and picked up by the next sync.
"""

OFFICER = "Officer"
MANAGER = "Manager"

_VIEW_ALL = [
    "assessment.view_framework",
    "assessment.view_theme",
    "assessment.view_qualitystatement",
    "assessment.view_organisation",
    "assessment.view_assessment",
    "assessment.view_statementscore",
]

_FINDINGS_VIEW = [
    "findings.view_topic",
    "findings.view_finding",
    "findings.view_evidence",
]

_COMPLAINTS_VIEW = [
    "complaints.view_complaint",
    "complaints.view_complaintcategory",
    "complaints.view_servicearea",
]

# Officers draft plans and actions, submit plans and post progress on actions they own.
_ACTIONS_OFFICER = [
    "actions.view_actionplan",
    "actions.add_actionplan",
    "actions.change_actionplan",
    "actions.view_plantransition",
    "actions.view_action",
    "actions.add_action",
    "actions.change_action",
    "actions.view_progressupdate",
    "actions.add_progressupdate",
    "actions.view_effectivenessreview",
]

# Managers also approve, return and close plans, assign owners and review effectiveness.
_ACTIONS_MANAGER = [
    "actions.approve_actionplan",
    "actions.close_actionplan",
    "actions.delete_actionplan",
    "actions.manage_action",
    "actions.delete_action",
    "actions.review_action",
    "actions.add_effectivenessreview",
]

OFFICER_PERMISSIONS = [
    *_VIEW_ALL,
    *_FINDINGS_VIEW,
    *_COMPLAINTS_VIEW,
    "assessment.add_assessment",
    "assessment.change_assessment",
    "assessment.change_statementscore",
    "findings.add_finding",
    "findings.change_finding",
    "findings.delete_finding",
    "findings.add_evidence",
    "findings.change_evidence",
    "complaints.add_complaint",
    "complaints.change_complaint",
    *_ACTIONS_OFFICER,
]

MANAGER_PERMISSIONS = [
    *OFFICER_PERMISSIONS,
    "assessment.add_organisation",
    "assessment.change_organisation",
    "assessment.delete_assessment",
    "findings.delete_evidence",
    "complaints.delete_complaint",
    *_ACTIONS_MANAGER,
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    OFFICER: OFFICER_PERMISSIONS,
    MANAGER: MANAGER_PERMISSIONS,
}


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
    """Create the groups and give each exactly the permissions of ROLE_PERMISSIONS that exist."""
    create_all_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, wanted in ROLE_PERMISSIONS.items():
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

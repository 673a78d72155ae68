"""The Officer and Manager groups become memberships of every organisation, and go.

Until now a role was a group, holding its permissions everywhere. Each member of a group
becomes a member of every existing organisation with that role (a member of both groups:
manager), so nobody loses what they could do; then the two groups are deleted, so group
permissions no longer grant anything across organisations. Managers narrow the memberships
down afterwards (a user of one council should be a member of that council only).

Backwards, the groups are made again with the permissions the roles grant, holding every user
with an active officer or manager membership (viewers had no group).
"""

from django.db import migrations
from django.utils import timezone

# The group names, as assessment/roles.py had them.
GROUPS = {"officer": "Officer", "manager": "Manager"}
REASON = "Made from the {group} group when roles became memberships"


def groups_to_memberships(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    membership_model = apps.get_model("assessment", "Membership")
    history_model = apps.get_model("assessment", "HistoricalMembership")
    roles = {}  # user id -> role; manager wins
    for role in ("officer", "manager"):
        members = group_model.objects.filter(name=GROUPS[role]).values_list("user", flat=True)
        roles.update({user_id: role for user_id in members if user_id is not None})
    organisations = list(
        apps.get_model("assessment", "Organisation").objects.values_list("pk", flat=True)
    )
    memberships = membership_model.objects.bulk_create(
        [
            membership_model(user_id=user_id, organisation_id=org_id, role=role)
            for user_id, role in sorted(roles.items())
            for org_id in organisations
        ]
    )
    now = timezone.now()
    history_model.objects.bulk_create(
        [
            history_model(
                id=membership.pk,
                user_id=membership.user_id,
                organisation_id=membership.organisation_id,
                role=membership.role,
                is_active=True,
                created_at=membership.created_at,
                history_date=now,
                history_type="+",
                history_change_reason=REASON.format(group=GROUPS[membership.role])[:100],
            )
            for membership in memberships
        ]
    )
    group_model.objects.filter(name__in=GROUPS.values()).delete()


def memberships_to_groups(apps, schema_editor):
    from assessment.roles import role_permissions

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    membership_model = apps.get_model("assessment", "Membership")
    for role, name in GROUPS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        for dotted in role_permissions(role):
            app_label, codename = dotted.split(".", 1)
            group.permissions.add(
                *permission_model.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        users = membership_model.objects.filter(role=role, is_active=True).values_list("user_id")
        group.user_set.add(*{user_id for (user_id,) in users})


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0007_membership"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(groups_to_memberships, memberships_to_groups)]

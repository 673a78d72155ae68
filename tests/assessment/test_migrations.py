"""Roles become memberships: the Officer and Manager groups turn into memberships of every
organisation, and go.

The database is migrated back to before memberships existed, filled there (with the models as
they were then) with two organisations and users in each group, in both, in neither, and in a
group of an administrator's own; then migrated forward to the latest.
"""

import pytest
from django.apps import apps as real_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_MEMBERSHIPS = [("assessment", "0006_statementscore_version")]
STATE = [*BEFORE_MEMBERSHIPS, ("auth", "0012_alter_user_first_name_max_length")]


def migrate(targets) -> None:
    MigrationExecutor(connection).migrate(targets)


def latest_nodes() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def fill_groups(apps) -> dict[str, int]:
    """Users in the role groups as they were, and two organisations; {name: pk}."""
    user_model = apps.get_model("auth", "User")
    group_model = apps.get_model("auth", "Group")
    organisation_model = apps.get_model("assessment", "Organisation")
    officer_group, _ = group_model.objects.get_or_create(name="Officer")
    manager_group, _ = group_model.objects.get_or_create(name="Manager")
    own_group = group_model.objects.create(name="Complaint handlers")
    users = {name: user_model.objects.create(username=name) for name in ROLES}
    users["olu"].groups.add(officer_group)
    users["morgan"].groups.add(manager_group)
    users["both"].groups.add(officer_group, manager_group)
    users["clerk"].groups.add(own_group)
    ids = {name: user.pk for name, user in users.items()}
    for name in ("Northshire", "Southshire"):
        ids[name] = organisation_model.objects.create(name=name).pk
    return ids


# Who was in which group, and the role each must have in every organisation afterwards.
ROLES = {"olu": "officer", "morgan": "manager", "both": "manager", "clerk": None, "none": None}


def test_group_members_become_members_of_every_organisation_and_the_groups_go():
    migrate(BEFORE_MEMBERSHIPS)
    try:
        ids = fill_groups(MigrationExecutor(connection).loader.project_state(STATE).apps)
    finally:
        migrate(latest_nodes())

    membership_model = real_apps.get_model("assessment", "Membership")
    organisations = {ids["Northshire"], ids["Southshire"]}
    for name, role in ROLES.items():
        held = set(
            membership_model.objects.filter(user_id=ids[name]).values_list(
                "organisation_id", "role", "is_active"
            )
        )
        assert held == ({(org, role, True) for org in organisations} if role else set()), name
    # Each was recorded in the memberships' history, saying where it came from.
    history = membership_model.history.filter(history_type="+")
    assert history.count() == 6
    assert set(history.values_list("history_change_reason", flat=True)) == {
        "Made from the Officer group when roles became memberships",
        "Made from the Manager group when roles became memberships",
    }
    group_model = real_apps.get_model("auth", "Group")
    assert list(group_model.objects.values_list("name", flat=True)) == ["Complaint handlers"]

    user_model = real_apps.get_model("auth", "User")
    organisation = real_apps.get_model("assessment", "Organisation").objects.get(name="Southshire")
    olu, morgan = user_model.objects.get(username="olu"), user_model.objects.get(username="morgan")
    assert olu.has_perm("findings.add_finding", organisation)
    assert not olu.has_perm("actions.approve_actionplan", organisation)
    assert morgan.has_perm("actions.approve_actionplan", organisation)
    assert not user_model.objects.get(username="none").has_perm("findings.view_finding")


def test_migrating_back_makes_the_groups_again_from_the_memberships():
    migrate(BEFORE_MEMBERSHIPS)
    try:
        ids = fill_groups(MigrationExecutor(connection).loader.project_state(STATE).apps)
        migrate(latest_nodes())
        viewer = real_apps.get_model("auth", "User").objects.create(username="vic")
        real_apps.get_model("assessment", "Membership").objects.create(
            user=viewer, organisation_id=ids["Northshire"], role="viewer"
        )
        migrate(BEFORE_MEMBERSHIPS)
        group_model = real_apps.get_model("auth", "Group")
        members = {
            name: set(
                group_model.objects.get(name=name).user_set.values_list("username", flat=True)
            )
            for name in ("Officer", "Manager")
        }
        manager_perms = group_model.objects.get(name="Manager").permissions
        has_approve = manager_perms.filter(codename="approve_actionplan").exists()
    finally:
        migrate(latest_nodes())
    assert members == {"Officer": {"olu"}, "Manager": {"morgan", "both"}}
    assert has_approve

"""Permissions from memberships (assessment.backends.MembershipBackend): a role held in one
organisation grants its permissions for that organisation's objects, and nothing elsewhere."""

import pytest
from django.contrib.auth.models import Permission

from assessment.roles import MANAGER, OFFICER, VIEWER
from assessment.tenancy import forget_memberships, members_of, organisation_ids
from tests.actions.factories import ActionFactory
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db

VIEW = "findings.view_finding"
ADD = "findings.add_finding"
APPROVE = "actions.approve_actionplan"
# What each role may do, for the three permissions above.
GRANTS = {
    OFFICER: {VIEW, ADD},
    MANAGER: {VIEW, ADD, APPROVE},
    VIEWER: {VIEW},
    None: set(),
}


@pytest.fixture
def here(organisation, cqc_framework):
    """An action (of a plan of an assessment) in the shared organisation."""
    return ActionFactory()


@pytest.fixture
def elsewhere(cqc_framework):
    return ActionFactory(
        plan__assessment=AssessmentFactory(organisation=OrganisationFactory(name="Otherborough"))
    )


@pytest.mark.parametrize("role", [OFFICER, MANAGER, VIEWER, None])
def test_a_role_grants_its_permissions_in_its_organisation_only(here, elsewhere, role):
    user = UserFactory(role=role)
    for perm in (VIEW, ADD, APPROVE):
        granted = perm in GRANTS[role]
        # Without an object: in any organisation (page access, "may do it somewhere").
        assert user.has_perm(perm) is granted, perm
        # With one: the object's organisation (obj may be the organisation itself).
        for obj in (here, here.plan, here.plan.assessment, here.plan.organisation):
            assert user.has_perm(perm, obj) is granted, (perm, obj)
        for obj in (elsewhere, elsewhere.plan, elsewhere.plan.organisation):
            assert not user.has_perm(perm, obj), (perm, obj)
    assert {VIEW, ADD, APPROVE} & user.get_all_permissions(here) == GRANTS[role]
    assert user.get_all_permissions(elsewhere) == set()


def test_get_all_permissions_agrees_with_has_perm(here, elsewhere, organisation):
    user = UserFactory(role=OFFICER)
    make_member(user, elsewhere.plan.organisation, VIEWER)
    everywhere = user.get_all_permissions()
    mine = user.get_all_permissions(here)
    theirs = user.get_all_permissions(elsewhere)
    assert ADD in mine
    assert ADD not in theirs
    assert VIEW in theirs
    assert theirs < mine <= everywhere
    for perm in everywhere:
        assert user.has_perm(perm)
        assert user.has_perm(perm, here) is (perm in mine)
        assert user.has_perm(perm, elsewhere) is (perm in theirs)


def test_a_manager_elsewhere_is_an_officer_here(here, elsewhere):
    user = UserFactory(role=OFFICER)
    make_member(user, elsewhere.plan.organisation, MANAGER)
    assert user.has_perm(APPROVE)  # somewhere: the approval queue opens
    assert user.has_perm(APPROVE, elsewhere.plan)
    assert not user.has_perm(APPROVE, here.plan)


def test_an_inactive_membership_or_user_grants_nothing(here, organisation):
    user = UserFactory()
    make_member(user, organisation, MANAGER, is_active=False)
    assert not user.has_perm(VIEW)
    assert not user.has_perm(VIEW, here)
    assert user.get_all_permissions() == set()
    assert organisation_ids(user) == []
    make_member(user, organisation, MANAGER)
    assert user.has_perm(APPROVE, here.plan)
    user.is_active = False
    user.save()
    assert not user.has_perm(VIEW, here)
    assert not user.has_perm(VIEW)
    assert organisation_ids(user) == []


def test_a_superuser_may_do_everything_everywhere_without_a_membership(here, elsewhere):
    root = UserFactory(username="root", is_superuser=True)
    for obj in (None, here, elsewhere, elsewhere.plan.organisation):
        assert root.has_perm(APPROVE, obj)
    assert organisation_ids(root) is None  # all
    root.is_active = False
    assert not root.has_perm(VIEW, here)
    assert organisation_ids(root) == []


def test_memberships_are_read_once_and_forgotten_when_they_change(
    here, elsewhere, organisation, django_assert_num_queries
):
    user = UserFactory(role=OFFICER)
    with django_assert_num_queries(1):
        for _ in range(5):
            assert user.has_perm(ADD, here)
            assert not user.has_perm(ADD, elsewhere.plan.organisation)
    make_member(user, elsewhere.plan.organisation, OFFICER)  # forgets them
    assert user.has_perm(ADD, elsewhere.plan.organisation)
    make_member(user, organisation, VIEWER)
    assert not user.has_perm(ADD, here)
    assert organisation_ids(user, ADD) == [elsewhere.plan.organisation_id]
    forget_memberships(user)  # harmless when nothing is remembered
    forget_memberships(user)


def test_a_permission_given_in_the_admin_grants_nothing_on_an_organisations_object(here):
    """ModelBackend still answers for permissions given one by one (page access), but an
    organisation's object needs a membership there."""
    clerk = UserFactory()
    clerk.user_permissions.add(Permission.objects.get(codename="view_finding"))
    assert clerk.has_perm(VIEW)
    assert not clerk.has_perm(VIEW, here)


def test_objects_of_no_organisation_get_nothing_from_memberships(cqc_framework):
    from assessment.models import Framework

    officer = UserFactory(role=OFFICER)
    framework = Framework.objects.get()
    assert officer.has_perm("assessment.view_framework")
    assert not officer.has_perm("assessment.view_framework", framework)


def test_memberships_and_own_permissions_are_one_query_for_every_backend(
    here, elsewhere, django_assert_num_queries
):
    """What a request asks of the user (memberships, permissions given in the admin one by one
    or through a group) is read in one query, for both backends."""
    from django.contrib.auth.models import Group

    user = UserFactory(role=VIEWER)
    user.user_permissions.add(Permission.objects.get(codename="add_topic"))
    clerks = Group.objects.create(name="Clerks")
    clerks.permissions.add(Permission.objects.get(codename="delete_topic"))
    user.groups.add(clerks)
    with django_assert_num_queries(1):
        everything = user.get_all_permissions()
        assert user.has_perm("findings.add_topic")
        assert user.has_perm("findings.delete_topic")
        assert user.has_perm(VIEW, here)
        assert not user.has_perm(ADD, here)
        assert not user.has_perm(VIEW, elsewhere)
    assert {VIEW, "findings.add_topic", "findings.delete_topic"} <= everything
    assert ADD not in everything


def test_organisation_ids_by_permission(here, elsewhere, organisation):
    user = UserFactory(role=OFFICER)
    other = elsewhere.plan.organisation
    make_member(user, other, MANAGER)
    assert organisation_ids(user) == sorted([organisation.pk, other.pk])
    assert organisation_ids(user, APPROVE) == [other.pk]
    assert organisation_ids(UserFactory()) == []


def test_members_of_lists_active_members_by_name_and_role(organisation, elsewhere):
    ada = UserFactory(first_name="Ada", last_name="Zed", role=MANAGER)
    bob = UserFactory(first_name="Bob", last_name="Young", role=OFFICER)
    UserFactory(first_name="Cy", role=VIEWER)
    make_member(UserFactory(first_name="Dee"), organisation, OFFICER, is_active=False)
    UserFactory(first_name="Eve", role=OFFICER, is_active=False)
    make_member(UserFactory(first_name="Fay"), elsewhere.plan.organisation, MANAGER)
    assert [u.first_name for u in members_of(organisation)] == ["Ada", "Bob", "Cy"]
    assert list(members_of(organisation, roles=[MANAGER, OFFICER])) == [ada, bob]

"""Writes of members and invitations: each refusal says why, on its field, and changes
nothing; the organisation always keeps an active manager."""

import datetime
import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessment.members import services
from assessment.members.models import Invitation
from assessment.models import Membership
from assessment.tenancy import forget_memberships
from tests.assessment.factories import OrganisationFactory
from tests.assessment.members.helpers import invite
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db
User = get_user_model()


def field_error(excinfo, field: str) -> str:
    return " ".join(excinfo.value.message_dict[field])


@pytest.fixture
def newcomer(db):
    return UserFactory(username="nia", first_name="Nia", last_name="Newcomer")


# --- adding existing users ---------------------------------------------------------------------


def test_a_manager_adds_an_existing_user_who_then_has_the_roles_permissions(
    organisation, manager, newcomer
):
    membership = services.add_member(
        organisation=organisation, person=newcomer, role="officer", user=manager
    )
    assert (membership.role, membership.is_active, membership.created_by) == (
        "officer",
        True,
        manager,
    )
    assert newcomer.has_perm("complaints.add_complaint", organisation)


def test_adding_a_member_twice_is_refused_on_the_user_field(organisation, manager, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.add_member(organisation=organisation, person=officer, role="manager", user=manager)
    assert "is already a member of Test Borough Council (officer)" in field_error(excinfo, "user")
    assert Membership.objects.get(user=officer).role == "officer"


def test_a_deactivated_member_is_not_added_again_but_reactivated(organisation, manager, officer):
    make_member(officer, organisation, "officer", is_active=False)
    with pytest.raises(ValidationError) as excinfo:
        services.add_member(organisation=organisation, person=officer, role="viewer", user=manager)
    assert "reactivate them" in field_error(excinfo, "user")
    assert Membership.objects.filter(user=officer).count() == 1


@pytest.mark.parametrize("role", ["boss", "", "MANAGER", "superuser"])
def test_a_role_that_does_not_exist_is_refused(organisation, manager, newcomer, role):
    with pytest.raises(ValidationError) as excinfo:
        services.add_member(organisation=organisation, person=newcomer, role=role, user=manager)
    assert "is not a role: choose viewer, officer or manager" in field_error(excinfo, "role")
    assert not Membership.objects.filter(user=newcomer).exists()


def test_a_disabled_account_is_not_added(organisation, manager, newcomer):
    newcomer.is_active = False
    newcomer.save()
    with pytest.raises(ValidationError) as excinfo:
        services.add_member(organisation=organisation, person=newcomer, role="viewer", user=manager)
    assert "disabled" in field_error(excinfo, "user")


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_only_managers_add_members(organisation, newcomer, role):
    member = make_member(UserFactory(), organisation, role).user
    with pytest.raises(PermissionDenied):
        services.add_member(organisation=organisation, person=newcomer, role="viewer", user=member)
    assert not Membership.objects.filter(user=newcomer).exists()


def test_a_manager_of_another_organisation_may_not_add_members_here(organisation, newcomer):
    elsewhere = make_member(UserFactory(), OrganisationFactory(name="Elsewhere"), "manager").user
    with pytest.raises(PermissionDenied):
        services.add_member(
            organisation=organisation, person=newcomer, role="officer", user=elsewhere
        )
    assert not Membership.objects.filter(user=newcomer).exists()


# --- roles and the last manager ----------------------------------------------------------------


def membership_of(user) -> Membership:
    return Membership.objects.get(user=user)


def test_a_manager_changes_a_members_role(manager, officer, organisation):
    services.change_role(membership=membership_of(officer), role="viewer", user=manager)
    assert membership_of(officer).role == "viewer"
    assert not officer.has_perm("complaints.add_complaint", organisation)
    assert officer.has_perm("complaints.view_complaint", organisation)


def test_the_last_manager_is_not_demoted(manager):
    with pytest.raises(ValidationError) as excinfo:
        services.change_role(membership=membership_of(manager), role="officer", user=manager)
    message = field_error(excinfo, "role")
    assert "is the last active manager of Test Borough Council" in message
    assert "make someone else a manager first" in message
    assert membership_of(manager).role == "manager"


def test_the_last_manager_is_not_deactivated(manager):
    with pytest.raises(ValidationError, match="last active manager"):
        services.set_active(membership=membership_of(manager), active=False, user=manager)
    assert membership_of(manager).is_active


def test_a_manager_steps_down_once_there_is_another(manager, organisation):
    deputy = make_member(UserFactory(username="deputy"), organisation, "manager").user
    services.change_role(membership=membership_of(manager), role="officer", user=manager)
    assert membership_of(manager).role == "officer"
    assert not manager.has_perm("assessment.change_membership", organisation)
    # Now the deputy is the last one.
    with pytest.raises(ValidationError):
        services.set_active(membership=membership_of(deputy), active=False, user=deputy)


@pytest.mark.parametrize("other", ["deactivated member", "disabled account", "officer"])
def test_only_active_managers_with_active_accounts_count(manager, organisation, other):
    second = make_member(UserFactory(username="second"), organisation, "manager").user
    if other == "deactivated member":
        make_member(second, organisation, "manager", is_active=False)
    elif other == "disabled account":
        User.objects.filter(pk=second.pk).update(is_active=False)
    else:
        make_member(second, organisation, "officer")
    with pytest.raises(ValidationError, match="last active manager"):
        services.set_active(membership=membership_of(manager), active=False, user=manager)


def test_deactivating_ends_access_and_reactivating_restores_it(manager, officer, organisation):
    services.set_active(membership=membership_of(officer), active=False, user=manager)
    assert not officer.has_perm("complaints.view_complaint", organisation)
    services.set_active(membership=membership_of(officer), active=True, user=manager)
    forget_memberships(officer)  # a new request reads them again
    assert officer.has_perm("complaints.view_complaint", organisation)


def test_a_role_change_that_does_not_exist_changes_nothing(manager, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.change_role(membership=membership_of(officer), role="owner", user=manager)
    assert "“owner” is not a role" in field_error(excinfo, "role")
    assert membership_of(officer).role == "officer"


def test_officers_may_not_change_roles(officer, manager):
    with pytest.raises(PermissionDenied):
        services.change_role(membership=membership_of(manager), role="viewer", user=officer)
    with pytest.raises(PermissionDenied):
        services.set_active(membership=membership_of(manager), active=False, user=officer)
    assert membership_of(manager).role == "manager"


def test_ensure_member_is_idempotent(organisation, newcomer):
    first = services.ensure_member(organisation=organisation, person=newcomer, role="viewer")
    again = services.ensure_member(organisation=organisation, person=newcomer, role="viewer")
    assert (first.outcome, again.outcome) == ("added", "unchanged")
    assert Membership.objects.filter(user=newcomer).count() == 1


# --- invitations -------------------------------------------------------------------------------


def test_an_invitation_emails_a_single_use_link(organisation, manager):
    invitation, token = invite(organisation, role="viewer", by=manager)
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert "Test Borough Council" in message.subject
    assert f"http://testserver/invitations/accept/{token}/" in message.body
    assert "as viewer" in message.body
    assert invitation.status == Invitation.Status.PENDING
    # Only the token's digest is stored, not the token.
    assert token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())


def test_accepting_creates_the_account_and_the_membership(organisation, manager):
    _, token = invite(organisation, role="viewer", by=manager)
    account = User(username="newp", first_name="New", last_name="Person")
    account.set_password("a-long-unusual-password-42")
    membership = services.accept_invitation(token=token, account=account)
    assert membership.user.email == "new.person@example.org"
    assert (membership.organisation, membership.role) == (organisation, "viewer")
    assert membership.user.check_password("a-long-unusual-password-42")
    assert Invitation.objects.get().status == Invitation.Status.ACCEPTED


def new_account(username="newp"):
    account = User(username=username)
    account.set_password("a-long-unusual-password-42")
    return account


def test_a_link_used_twice_is_refused_and_changes_nothing(organisation, manager):
    _, token = invite(organisation, by=manager)
    services.accept_invitation(token=token, account=new_account())
    users = User.objects.count()
    with pytest.raises(services.InvitationUnusable) as excinfo:
        services.accept_invitation(token=token, account=new_account("second"))
    assert excinfo.value.status == Invitation.Status.ACCEPTED
    assert User.objects.count() == users


def test_an_expired_link_is_refused_and_changes_nothing(organisation, manager):
    invitation, token = invite(organisation, by=manager)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(services.InvitationUnusable) as excinfo:
        services.accept_invitation(token=token, account=new_account())
    assert excinfo.value.status == Invitation.Status.EXPIRED
    assert not User.objects.filter(username="newp").exists()


def test_an_invitation_lasts_seven_days(organisation, manager):
    invitation, _ = invite(organisation, by=manager)
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        datetime.timedelta(days=7), abs=datetime.timedelta(seconds=5)
    )


def test_a_taken_username_is_refused_on_its_field_and_the_invitation_still_works(
    organisation, manager
):
    _, token = invite(organisation, by=manager)
    with pytest.raises(ValidationError) as excinfo:
        services.accept_invitation(token=token, account=new_account("MORGAN"))
    assert "This username is taken" in field_error(excinfo, "username")
    assert Invitation.objects.get().status == Invitation.Status.PENDING
    services.accept_invitation(token=token, account=new_account("another"))


def test_inviting_again_withdraws_the_earlier_link(organisation, manager):
    first, first_token = invite(organisation, by=manager)
    second, _ = invite(organisation, email="New.Person@example.org", by=manager)
    first.refresh_from_db()
    assert first.status == Invitation.Status.WITHDRAWN
    assert second.status == Invitation.Status.PENDING
    with pytest.raises(services.InvitationUnusable):
        services.accept_invitation(token=first_token, account=new_account())


def test_a_member_is_not_invited(organisation, manager, officer):
    with pytest.raises(ValidationError) as excinfo:
        invite(organisation, email=officer.email.upper(), by=manager)
    assert "already a member" in field_error(excinfo, "email")
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_someone_with_an_account_is_added_not_invited(organisation, manager, newcomer):
    with pytest.raises(ValidationError) as excinfo:
        invite(organisation, email=newcomer.email, by=manager)
    assert "add it with “Add an existing user”" in field_error(excinfo, "email")


def test_an_invitation_that_cannot_be_emailed_is_not_kept(organisation, manager, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(services, "send_mail", refuse)
    with pytest.raises(ValidationError, match="could not be e-mailed"):
        invite(organisation, by=manager)
    assert not Invitation.objects.exists()


def test_only_managers_invite(organisation, officer):
    with pytest.raises(PermissionDenied):
        invite(organisation, by=officer)
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_withdrawn_invitation_no_longer_works(organisation, manager):
    invitation, token = invite(organisation, by=manager)
    services.withdraw_invitation(invitation=invitation, user=manager)
    with pytest.raises(services.InvitationUnusable) as excinfo:
        services.accept_invitation(token=token, account=new_account())
    assert excinfo.value.status == Invitation.Status.WITHDRAWN
    with pytest.raises(ValidationError, match="not waiting any more"):
        services.withdraw_invitation(invitation=invitation, user=manager)


def test_an_unknown_token_opens_nothing(organisation):
    assert services.invitation_for("no-such-token") is None
    with pytest.raises(Invitation.DoesNotExist):
        services.accept_invitation(token="no-such-token", account=new_account())

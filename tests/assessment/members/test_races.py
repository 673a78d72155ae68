"""Two managers at once (real threads, real connections; see tests/races.py): the organisation
never ends without an active manager, and an invitation link is never used twice."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from assessment.members import services
from assessment.models import Membership
from tests.assessment.factories import OrganisationFactory
from tests.assessment.members.helpers import invite
from tests.factories import UserFactory, make_member
from tests.races import interleave

pytestmark = pytest.mark.django_db(transaction=True)
User = get_user_model()


def test_two_managers_stepping_down_at_once_leave_one_manager(monkeypatch):
    organisation = OrganisationFactory(name="Raceshire")
    ann = make_member(UserFactory(username="ann"), organisation, "manager")
    bob = make_member(UserFactory(username="bob"), organisation, "manager")
    first, second = interleave(
        monkeypatch,
        lambda: services.change_role(membership=ann, role="officer", user=ann.user),
        lambda: services.set_active(membership=bob, active=False, user=bob.user),
        pause_in=(Membership, "save"),
    )
    assert first.error is None
    assert isinstance(second.error, ValidationError)
    assert "last active manager" in " ".join(second.error.messages)
    assert list(
        Membership.objects.active().filter(role="manager").values_list("user__username", flat=True)
    ) == ["bob"]


def test_an_invitation_accepted_twice_at_once_makes_one_account(monkeypatch):
    organisation = OrganisationFactory(name="Raceshire")
    manager = make_member(UserFactory(username="ann"), organisation, "manager").user
    _, token = invite(organisation, by=manager)

    def accept(username):
        account = User(username=username)
        account.set_password("a-long-unusual-password-42")
        return lambda: services.accept_invitation(token=token, account=account)

    first, second = interleave(
        monkeypatch, accept("first"), accept("second"), pause_in=(User, "save")
    )
    assert first.error is None
    assert isinstance(second.error, services.InvitationUnusable)
    assert list(
        User.objects.filter(email="new.person@example.org").values_list("username", flat=True)
    ) == ["first"]

"""`manage.py add_member USERNAME "ORGANISATION" --role ROLE [--remove]`: idempotent, and
every mistake a CommandError in words with nothing changed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessment.models import Membership
from tests.assessment.factories import OrganisationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("add_member", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def world(db):
    return {
        "user": UserFactory(username="priya"),
        "organisation": OrganisationFactory(name="Northshire County Council"),
    }


def membership():
    return Membership.objects.get(user__username="priya")


def test_adds_then_changes_nothing_when_run_again(world):
    assert run("priya", "Northshire County Council", "--role", "officer") == (
        "Added priya to Northshire County Council as officer."
    )
    assert run("priya", "Northshire County Council", "--role", "officer") == (
        "priya is already officer of Northshire County Council: nothing changed."
    )
    assert Membership.objects.filter(user=world["user"]).count() == 1
    assert (membership().role, membership().is_active) == ("officer", True)


def test_changes_the_role(world):
    run("priya", "Northshire County Council", "--role", "officer")
    assert run("priya", "Northshire County Council", "--role", "manager") == (
        "priya is now manager of Northshire County Council (was officer)."
    )
    assert membership().role == "manager"


def test_remove_ends_the_membership_and_adding_reactivates_it(world):
    run("priya", "Northshire County Council", "--role", "viewer")
    assert run("priya", "Northshire County Council", "--remove") == (
        "Ended priya's membership of Northshire County Council."
    )
    assert not membership().is_active
    assert run("priya", "Northshire County Council", "--remove") == (
        "priya's membership of Northshire County Council had already ended."
    )
    assert run("priya", "Northshire County Council", "--role", "officer") == (
        "priya's membership of Northshire County Council is active again, as officer."
    )
    assert (membership().role, membership().is_active) == ("officer", True)


def test_removing_someone_who_is_no_member_does_nothing(world):
    assert "is not a member of Northshire County Council: nothing to remove" in run(
        "priya", "Northshire County Council", "--remove"
    )
    assert not Membership.objects.exists()


def test_organisation_name_in_another_case_is_found(world):
    run("priya", "northshire county council", "--role", "viewer")
    assert membership().organisation == world["organisation"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody", "Northshire County Council", "--role", "officer"), "No user with the username"),
        (("priya", "Southshire", "--role", "officer"), "No organisation named “Southshire”."),
        (("priya", "Northshire", "--role", "officer"), "Did you mean: Northshire County Council?"),
        (("priya", "Northshire County Council", "--role", "boss"), "“boss” is not a role"),
        (("priya", "Northshire County Council"), "Give the role: --role viewer|officer|manager."),
        (
            ("priya", "Northshire County Council", "--role", "officer", "--remove"),
            "either --role or --remove",
        ),
    ],
)
def test_mistakes_are_command_errors_and_change_nothing(world, args, message):
    with pytest.raises(CommandError, match=message.replace("?", r"\?").replace("|", r"\|")):
        run(*args)
    assert not Membership.objects.exists()


def test_the_last_manager_is_neither_removed_nor_demoted(world):
    run("priya", "Northshire County Council", "--role", "manager")
    with pytest.raises(CommandError, match="Nothing changed: .*last active manager"):
        run("priya", "Northshire County Council", "--remove")
    with pytest.raises(CommandError, match="last active manager"):
        run("priya", "Northshire County Council", "--role", "officer")
    assert (membership().role, membership().is_active) == ("manager", True)
    UserFactory(username="deputy")
    run("deputy", "Northshire County Council", "--role", "manager")
    run("priya", "Northshire County Council", "--remove")
    assert not membership().is_active

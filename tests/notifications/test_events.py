"""An e-mail per event, through the job queue: a plan submitted (to the organisation's
managers), returned or approved (to its drafter), an action assigned (to its owner)."""

import datetime

import pytest
from django.core import mail

from actions import services as actions
from actions.models import Action
from notifications.models import Notification
from tests.jobs.helpers import run_worker

pytestmark = pytest.mark.django_db

SOON = datetime.date.today() + datetime.timedelta(days=30)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the event's on-commit callbacks (as a real commit would), then the queue."""

    def run(event, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = event(*args, **kwargs)
        run_worker()
        return result

    return run


def emails_to():
    return sorted(address for email in mail.outbox for address in email.to)


def test_a_submitted_plan_emails_the_managers_but_not_the_submitter(
    plan, officer, manager, second_manager, committed
):
    committed(actions.transition_plan, plan=plan, name="submit", by=officer)
    assert emails_to() == ["maya@example.org", "morgan@example.org"]
    email = mail.outbox[0]
    assert email.subject == "Plan submitted for approval: Safeguarding learning"
    assert f"https://tracker.example.gov.uk/plans/{plan.pk}/" in email.body
    assert set(Notification.objects.values_list("kind", flat=True)) == {"plan_submitted"}


def test_a_manager_submitting_is_not_told_of_their_own_step(
    plan, manager, second_manager, committed
):
    committed(actions.transition_plan, plan=plan, name="submit", by=manager)
    assert emails_to() == ["maya@example.org"]


def test_a_returned_plan_emails_its_drafter_with_the_comment(plan, officer, manager, committed):
    actions.transition_plan(plan=plan, name="submit", by=officer)
    mail.outbox.clear()
    committed(actions.transition_plan, plan=plan, name="return", by=manager, comment="Add dates.")
    [email] = mail.outbox
    assert email.to == ["olu@example.org"]
    assert email.subject == "Plan returned for changes: Safeguarding learning"
    assert "Add dates." in email.body


def test_an_approved_plan_emails_its_drafter(plan, officer, manager, committed):
    actions.transition_plan(plan=plan, name="submit", by=officer)
    mail.outbox.clear()
    committed(actions.transition_plan, plan=plan, name="approve", by=manager)
    [email] = mail.outbox
    assert (email.to, email.subject) == (
        ["olu@example.org"],
        "Plan approved: Safeguarding learning",
    )


def test_an_action_assigned_by_a_manager_emails_its_owner(plan, officer, manager, committed):
    action = Action(
        plan=plan, title="Audit 20 cases", owner=officer, success_measure="Audit", due_date=SOON
    )
    committed(actions.create_action, action=action, user=manager)
    [email] = mail.outbox
    assert (email.to, email.subject) == (
        ["olu@example.org"],
        "Action assigned to you: Audit 20 cases",
    )
    assert f"https://tracker.example.gov.uk{action.get_absolute_url()}" in email.body


def test_owning_an_action_you_made_yourself_tells_nobody(plan, officer, committed):
    action = Action(plan=plan, title="Mine", owner=officer, success_measure="Audit", due_date=SOON)
    committed(actions.create_action, action=action, user=officer)
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_new_owner_is_told_and_an_edit_without_one_tells_nobody(
    plan, officer, manager, second_manager, committed
):
    action = plan.actions.get()
    action.title = "Renamed"
    committed(actions.update_action, action=action, user=manager)
    assert mail.outbox == []
    action.owner = second_manager
    committed(actions.update_action, action=action, user=manager)
    assert emails_to() == ["maya@example.org"]

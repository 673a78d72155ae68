import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from actions.models import Action, ActionPlan
from notifications.models import DigestSent
from tests.actions.factories import ActionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 30)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def owners(approved_plan):
    olu = UserFactory(username="olu_r", email="olu@example.org", role="officer")
    sam = UserFactory(username="sam_r", email="sam@example.org", role="officer")
    ActionFactory(plan=approved_plan, owner=olu, title="Late audit", due_date=TODAY - 3 * DAY)
    ActionFactory(plan=approved_plan, owner=olu, title="Due Friday", due_date=TODAY + 4 * DAY)
    ActionFactory(plan=approved_plan, owner=olu, title="Next month", due_date=TODAY + 30 * DAY)
    ActionFactory(
        plan=approved_plan,
        owner=olu,
        title="Done already",
        due_date=TODAY - DAY,
        status=Action.Status.COMPLETE,
    )
    ActionFactory(plan=approved_plan, owner=sam, title="Sam's edge", due_date=TODAY + 7 * DAY)
    return olu, sam


def test_one_digest_per_owner_with_overdue_and_due_in_7_days(owners):
    """The action reminders are two sections of the daily digest (notifications.digest); the
    command's old name still sends it."""
    call_command("send_action_reminders", "--date", TODAY.isoformat())
    assert len(mail.outbox) == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    olu_mail = by_recipient["olu@example.org"]
    assert olu_mail.subject == "Your daily digest for 30 June 2025: 2 items"
    assert "OVERDUE ACTIONS (1)" in olu_mail.body
    assert "ACTIONS DUE IN THE NEXT 7 DAYS (1)" in olu_mail.body
    overdue, due_soon = olu_mail.body.split("ACTIONS DUE IN THE NEXT 7 DAYS")
    assert "Late audit" in overdue
    assert "Due 27 Jun 2025" in overdue
    assert "Due Friday" in due_soon
    assert "Next month" not in olu_mail.body
    assert "Done already" not in olu_mail.body
    sam_mail = by_recipient["sam@example.org"]
    assert "Sam's edge" in sam_mail.body
    assert "OVERDUE ACTIONS" not in sam_mail.body
    assert sam_mail.subject == "Your daily digest for 30 June 2025: 1 item"


def test_links_are_absolute_with_the_base_url(owners):
    call_command(
        "send_daily_digest", "--date", TODAY.isoformat(), "--base-url", "https://t.example/"
    )
    late = Action.objects.get(title="Late audit")
    body = {m.to[0]: m.body for m in mail.outbox}["olu@example.org"]
    assert f"https://t.example{late.get_absolute_url()}" in body


def test_no_second_digest_the_same_day(owners):
    call_command("send_action_reminders", "--date", TODAY.isoformat())
    call_command("send_daily_digest", "--date", TODAY.isoformat())
    assert len(mail.outbox) == 2
    assert DigestSent.objects.filter(date=TODAY).count() == 2
    call_command("send_action_reminders", "--date", (TODAY + DAY).isoformat())
    assert len(mail.outbox) == 4


def test_draft_plans_send_no_reminders(owners, approved_plan):
    ActionPlan.objects.filter(pk=approved_plan.pk).update(status=ActionPlan.Status.DRAFT)
    call_command("send_action_reminders", "--date", TODAY.isoformat())
    assert mail.outbox == []

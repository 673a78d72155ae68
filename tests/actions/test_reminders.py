import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from actions.models import Action, ActionPlan, ReminderSent
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
    call_command("send_action_reminders", "--date", TODAY.isoformat())
    assert len(mail.outbox) == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    olu_mail = by_recipient["olu@example.org"]
    assert olu_mail.subject == "Your actions: 1 overdue, 1 due within 7 days"
    assert "OVERDUE (1)" in olu_mail.body
    assert "Late audit" in olu_mail.body
    assert "Due Friday" in olu_mail.body
    assert "Next month" not in olu_mail.body
    assert "Done already" not in olu_mail.body
    assert "Sam's edge" in by_recipient["sam@example.org"].body
    assert by_recipient["sam@example.org"].subject == "Your actions: 1 due within 7 days"


def test_no_second_digest_the_same_day(owners):
    call_command("send_action_reminders", "--date", TODAY.isoformat())
    call_command("send_action_reminders", "--date", TODAY.isoformat())
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.filter(date=TODAY).count() == 2
    call_command("send_action_reminders", "--date", (TODAY + DAY).isoformat())
    assert len(mail.outbox) == 4


def test_draft_plans_send_no_reminders(owners, approved_plan):
    ActionPlan.objects.filter(pk=approved_plan.pk).update(status=ActionPlan.Status.DRAFT)
    call_command("send_action_reminders", "--date", TODAY.isoformat())
    assert mail.outbox == []

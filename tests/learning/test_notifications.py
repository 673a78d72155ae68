"""Publishing a brief tells every person in its audience (an e-mail each through the job
queue, by default); those outstanding get a line in the ONE daily digest, beside their
actions' reminders, once a day, until they acknowledge."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from actions.models import ActionPlan
from learning.services.briefs import publish_brief
from notifications.models import Notification
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.jobs.helpers import run_worker
from tests.learning.factories import BriefFactory, acknowledge

pytestmark = pytest.mark.django_db


def test_publishing_tells_every_person_in_the_audience_once_by_email(
    organisation, manager, three_teams, django_capture_on_commit_callbacks
):
    brief = BriefFactory(organisation=organisation, teams=three_teams, title="Phone on the day")
    with django_capture_on_commit_callbacks(execute=True):
        publish_brief(brief=brief, user=manager)
    told = Notification.objects.filter(kind="brief_to_acknowledge")
    audience = {person.pk for team in three_teams for person in team.members.all()}
    assert sorted(told.values_list("user_id", flat=True)) == sorted(audience)
    assert set(told.values_list("url", flat=True)) == {brief.get_absolute_url()}
    run_worker()
    assert len(mail.outbox) == 20
    assert all("Phone on the day" in email.subject for email in mail.outbox)
    assert f"{brief.get_absolute_url()}" in mail.outbox[0].body


def test_the_daily_digest_reminds_the_outstanding_once_with_their_actions(
    organisation, officer, manager, django_capture_on_commit_callbacks
):
    brief = BriefFactory(
        organisation=organisation, people=[officer, manager], published=True, title="Phone first"
    )
    acknowledge(brief, manager)
    plan = ActionPlanFactory(owner=manager, status=ActionPlan.Status.APPROVED)
    today = timezone.localdate()
    ActionFactory(
        plan=plan, owner=officer, title="Audit files", due_date=today - datetime.timedelta(1)
    )

    def run_daily(day):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_daily_digest", "--date", day.isoformat())
        run_worker()

    run_daily(today)
    [email] = mail.outbox  # the manager acknowledged and owns nothing overdue: no digest
    assert email.to == [officer.email]
    assert "LEARNING BRIEFS TO ACKNOWLEDGE (1)" in email.body
    assert "Phone first" in email.body
    assert "Audit files" in email.body
    run_daily(today)
    assert len(mail.outbox) == 1  # once a day
    acknowledge(brief, officer)
    run_daily(today + datetime.timedelta(days=1))
    assert "Phone first" not in mail.outbox[-1].body

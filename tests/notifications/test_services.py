"""notify(): who is told, how (their choice per kind), and the e-mail through the job queue."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from assessment.roles import OFFICER
from notifications import kinds, services
from notifications.models import Notification
from tests.assessment.factories import OrganisationFactory
from tests.factories import UserFactory, make_member
from tests.jobs.helpers import run_worker

pytestmark = pytest.mark.django_db


def tell(recipients, organisation, **extra):
    return services.notify(
        kinds.ACTION_ASSIGNED,
        recipients,
        organisation=organisation,
        subject="Action assigned to you: Audit 20 cases",
        url="/actions/7/",
        body="Plan: Safeguarding learning.",
        **extra,
    )


def test_only_active_members_of_the_organisation_are_told(organisation, officer, manager):
    elsewhere = make_member(
        UserFactory(username="elsewhere"), OrganisationFactory(name="Elsewhere"), OFFICER
    )
    left = make_member(UserFactory(username="left"), organisation, OFFICER, is_active=False).user
    inactive = make_member(UserFactory(username="gone", is_active=False), organisation, OFFICER)
    told = tell([officer, manager.pk, elsewhere.user, left, inactive.user, None], organisation)
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"olu", "morgan"}
    assert told == 2


def test_unknown_kind_is_refused(organisation, officer):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        services.notify("no_such_kind", [officer], organisation=organisation, subject="x", url="/")


def test_email_now_is_sent_by_the_queue_after_the_commit(
    organisation, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell([officer], organisation)
        assert DBTaskResult.objects.count() == 0  # nothing queued before the commit
    assert mail.outbox == []  # queued, not sent in the request
    run_worker()
    [email] = mail.outbox
    assert email.to == ["olu@example.org"]
    assert email.subject == "Action assigned to you: Audit 20 cases"
    assert "https://tracker.example.gov.uk/actions/7/" in email.body
    assert "Plan: Safeguarding learning." in email.body
    assert "https://tracker.example.gov.uk/notifications/preferences/" in email.body
    assert Notification.objects.get().emailed_at is not None
    run_worker()
    assert len(mail.outbox) == 1  # sent once


def test_a_rolled_back_event_sends_nothing(
    organisation, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        tell([officer], organisation)
        transaction.set_rollback(True)
    assert callbacks == []
    assert not Notification.objects.exists()


@pytest.mark.parametrize("delivery", [kinds.Delivery.DIGEST, kinds.Delivery.IN_APP])
def test_digest_and_in_app_only_are_not_emailed_at_once(
    organisation, officer, delivery, django_capture_on_commit_callbacks
):
    services.set_preferences(user=officer, choices={kinds.ACTION_ASSIGNED: delivery})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tell([officer], organisation)
    run_worker()
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.get().delivery == delivery


def test_preferences_are_per_kind(organisation, officer):
    services.set_preferences(user=officer, choices={kinds.PLAN_APPROVED: kinds.Delivery.IN_APP})
    chosen = services.preferences(officer)
    assert chosen[kinds.PLAN_APPROVED] == "in_app"
    assert chosen[kinds.ACTION_ASSIGNED] == "email"  # the default
    with pytest.raises(ValueError, match="Unknown kind or delivery"):
        services.set_preferences(user=officer, choices={kinds.PLAN_APPROVED: "pigeon"})


def test_a_key_tells_each_person_once(organisation, officer, manager):
    assert tell([officer], organisation, key="complaint:1:2025-07-03") == 1
    assert tell([officer, manager], organisation, key="complaint:1:2025-07-03") == 1
    assert tell([officer], organisation, key="complaint:1:2025-07-04") == 1
    assert Notification.objects.filter(user=officer).count() == 2


def test_mark_read_and_all_read_touch_only_the_users_own(organisation, officer, manager):
    tell([officer, manager], organisation)
    tell([officer], organisation)
    theirs = Notification.objects.get(user=manager)
    services.mark_read(user=officer, notification=theirs)
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert services.mark_all_read(user=officer) == 2
    assert not Notification.objects.filter(user=officer).unread().exists()
    assert Notification.objects.filter(user=manager).unread().count() == 1

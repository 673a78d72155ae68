"""The daily reminder digest: queued once a day however many triggers fire at once, and one
e-mail per owner per day however many workers run it."""

import datetime
import threading
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from actions.models import Action, ActionPlan
from jobs import recovery, schedule, services
from jobs.models import Job, ScheduledRun
from notifications.tasks import send_daily_digest
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.factories import UserFactory
from tests.jobs.helpers import run_worker

LONDON = zoneinfo.ZoneInfo("Europe/London")
MORNING = datetime.datetime(2025, 6, 30, 7, 5, tzinfo=LONDON)
TODAY = MORNING.date()


@pytest.fixture
def owners(cqc_framework):
    plan = ActionPlanFactory(status=ActionPlan.Status.APPROVED)
    owners = [UserFactory(email=f"owner{n}@example.org", role="officer") for n in range(3)]
    for owner in owners:
        ActionFactory(plan=plan, owner=owner, due_date=TODAY - datetime.timedelta(days=2))
        ActionFactory(plan=plan, owner=owner, status=Action.Status.IN_PROGRESS, due_date=TODAY)
    return owners


def _in_threads(function, count=2):
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            function()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


def _worker():
    """One db_worker --batch (its loop: a thread may not set signal handlers)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=recovery.new_worker_id(),
        excluded_queue_names=[],
    ).run()


@pytest.mark.django_db
def test_nothing_is_due_before_the_hour_and_the_day_is_queued_once_after_it():
    assert schedule.run_due(MORNING.replace(hour=0, minute=4)) == []
    # Just after midnight: the record of the actions' status; the digest waits for 07:00.
    [snapshots] = schedule.run_due(MORNING.replace(hour=6, minute=59))
    assert (snapshots.kind, snapshots.status) == ("action_snapshots", "queued")
    [job] = schedule.run_due(MORNING)
    assert (job.kind, job.status, job.started_by) == ("reminder_digest", "queued", None)
    assert job.title == "Daily digest for 30 June 2025"
    assert schedule.run_due(MORNING.replace(hour=9)) == []
    assert ScheduledRun.objects.get(name="reminder-digest").job == job
    assert ScheduledRun.objects.get(name="action-snapshots").job == snapshots


@pytest.mark.django_db
def test_the_daily_snapshot_job_records_the_past_days_once():
    from actions.models import ActionStatusSnapshot
    from tests.assessment.factories import OrganisationFactory

    OrganisationFactory()  # snapshots are per organisation: one, so one row per day
    jobs = {job.kind: job for job in schedule.run_due(MORNING)}
    run_worker()
    job = jobs["action_snapshots"]
    job.refresh_from_db()
    recorded = ActionStatusSnapshot.objects.count()
    assert job.status == "done"
    assert recorded > 0
    assert job.message == f"Recorded {recorded} days"
    assert schedule.run_due(MORNING.replace(hour=23)) == []  # once a day


@pytest.mark.django_db
def test_run_scheduled_is_the_cron_trigger(capsys):
    call_command("run_scheduled")  # the real clock: due or not, it never fails
    out = capsys.readouterr().out
    assert "Queued job" in out or "Nothing due" in out


@pytest.mark.django_db(transaction=True)
def test_two_triggers_at_the_same_moment_queue_one_digest():
    _in_threads(lambda: schedule.run_due(MORNING))
    assert ScheduledRun.objects.filter(name="reminder-digest").count() == 1
    assert Job.objects.filter(kind="reminder_digest").count() == 1
    assert (
        DBTaskResult.objects.filter(task_path="notifications.tasks.send_daily_digest").count() == 1
    )
    assert Job.objects.filter(kind="action_snapshots").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_two_digests_the_same_day_send_one_email_per_owner(owners):
    for trigger in ("cron", "by hand"):
        services.start_job(
            kind=Job.Kind.REMINDER_DIGEST,
            task=send_daily_digest,
            title=f"Digest ({trigger})",
            fingerprint=trigger,
            kwargs={"day": TODAY.isoformat()},
        )
    _in_threads(_worker)
    assert Job.objects.filter(status="done").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.email for o in owners)


@pytest.mark.django_db
def test_the_digest_job_says_what_it_sent(owners):
    job = {job.kind: job for job in schedule.run_due(MORNING)}["reminder_digest"]
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.message) == ("done", "Sent 3 digests")
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_send_daily_digest_can_queue_the_digest(capsys):
    call_command("send_daily_digest", "--queue", "--date", "2025-06-30")
    job = Job.objects.get()
    assert f"Queued job {job.pk}: Daily digest for 30 June 2025" in capsys.readouterr().out
    call_command("send_action_reminders", "--queue", "--date", "2025-06-30")  # its old name
    assert f"Already queued: job {job.pk}" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_workers_starting_together_keep_one_chain_of_scheduler_ticks():
    _in_threads(schedule.ensure_tick, count=3)
    ticks = DBTaskResult.objects.filter(task_path="jobs.schedule.scheduler_tick")
    assert ticks.count() == 1
    assert ticks.get().run_after > datetime.datetime.now(tz=datetime.UTC)


@pytest.mark.django_db
def test_a_tick_queues_what_is_due_and_the_next_tick(monkeypatch):
    from jobs.schedule import scheduler_tick

    monkeypatch.setattr(schedule.timezone, "localtime", lambda now=None: MORNING)
    result = scheduler_tick.call()
    assert len(result["started"]) == 2  # the digest and the actions' status record
    assert DBTaskResult.objects.filter(task_path="jobs.schedule.scheduler_tick").count() == 1

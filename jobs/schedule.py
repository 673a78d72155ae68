"""Periodic jobs: what runs each day, and the trigger that queues each once per day.

Two triggers, either alone or both at once:
- cron: `0 7 * * * python manage.py run_scheduled` (any time after the job's hour works, and
  running it every few minutes is harmless);
- the workers: every `db_worker` (not --batch) keeps one chain of `scheduler_tick` tasks, one
  every JOBS_TICK_SECONDS, which does what run_scheduled does.
A day's run is claimed by inserting ScheduledRun(name, day) in the same transaction that
queues the job: of several triggers at the same moment (two workers, two cron hosts) the
first insert wins and the others fail on the unique constraint, so exactly one queues it.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from jobs import recovery
from jobs.models import Job, ScheduledRun
from jobs.services import Started, expire_files

logger = logging.getLogger(__name__)

TICK = "scheduler-tick"


@dataclass(frozen=True)
class Daily:
    """A job queued once a day, at or after `at` (local time), by `start(day) -> Started`."""

    name: str
    at: datetime.time
    start: Callable[[datetime.date], Started]


_registry: dict[str, Daily] = {}


def daily(name: str, *, at: datetime.time, start: Callable[[datetime.date], Started]) -> None:
    """Add a daily job to the schedule (from an app's tasks module, found at start-up)."""
    _registry[name] = Daily(name=name, at=at, start=start)


def registered() -> list[Daily]:
    return list(_registry.values())


def run_due(now: datetime.datetime | None = None) -> list[Job]:
    """Queue each daily job whose hour has come and whose day no trigger has claimed yet;
    the jobs queued (none when another trigger got there first)."""
    now = timezone.localtime(now)
    started = []
    for entry in registered():
        if now.time() < entry.at:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=entry.name, slot=now.date().isoformat())
                run.job = entry.start(now.date()).job
                run.save(update_fields=["job"])
        except IntegrityError:
            continue  # claimed by another trigger
        started.append(run.job)
    return started


def _next_tick(now: datetime.datetime) -> datetime.datetime:
    """The next multiple of JOBS_TICK_SECONDS after now: every worker names the same slot."""
    step = settings.JOBS_TICK_SECONDS
    return datetime.datetime.fromtimestamp(
        (int(now.timestamp()) // step + 1) * step, tz=datetime.UTC
    )


def ensure_tick(*, now: datetime.datetime | None = None) -> bool:
    """Queue the scheduler's next tick unless another worker has (one chain of ticks however
    many workers start). True when this call queued it."""
    at = _next_tick(now or timezone.now())
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(name=TICK, slot=at.isoformat())
            scheduler_tick.using(run_after=at).enqueue()
    except IntegrityError:
        return False
    return True


def prune(now: datetime.datetime | None = None) -> None:
    """Forget old ticks and finished task results (each Job keeps its own record), and delete
    the result files kept for a limited time (exports) whose time is over."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    ScheduledRun.objects.filter(name=TICK, created_at__lt=now - datetime.timedelta(days=2)).delete()
    keep = datetime.timedelta(days=settings.JOBS_TASK_RESULTS_KEEP_DAYS)
    DBTaskResult.objects.finished().filter(finished_at__lt=now - keep).delete()
    expire_files(now)


@task()
def scheduler_tick():
    """Every JOBS_TICK_SECONDS while a worker runs: queue what the schedule says is due and
    give back jobs whose worker was lost. The next tick is queued first, so that a failure
    here does not end the chain (of which there is one, however many workers run)."""
    ensure_tick()
    started = run_due()
    recovered = recovery.recover_jobs()
    prune()
    return {"started": [job.pk for job in started], "recovered": len(recovered)}

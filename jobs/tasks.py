"""The engine's own tasks, and @job_task, which makes a function the task of a Job."""

from __future__ import annotations

import functools

from django_tasks import task

from jobs import services


def job_task(function=None, **task_options):
    """Make `function(job, **kwargs)` a task for a Job (queued by services.start_job).

    The task marks the job running, runs the function, then marks it done (unless the function
    called finish_job with a result) or failed: a JobFailed's words and rows as they are; any
    other exception as "an unexpected error" on the page, with the traceback in the worker's
    log and the task's result.
    """

    def decorate(function):
        @functools.wraps(function)
        def run(job_id: int, **kwargs):
            return services.run(job_id, function, kwargs)

        return task(**task_options)(run)

    return decorate(function) if function is not None else decorate


@task()
def scheduler_tick():
    """Every JOBS_TICK_SECONDS while a worker runs: queue what the schedule says is due and
    give back jobs whose worker was lost. The next tick is queued first, so that a failure
    here does not end the chain (of which there is one, however many workers run)."""
    from jobs import recovery, schedule

    schedule.ensure_tick()
    started = schedule.run_due()
    recovered = recovery.recover_jobs()
    schedule.prune()
    return {"started": [job.pk for job in started], "recovered": len(recovered)}

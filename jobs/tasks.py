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

"""Running the queue in tests: `run_worker()` is `manage.py db_worker --batch`, in-process.

The worker calls close_old_connections() between tasks, as Django does between requests; in
a test that runs inside a transaction (not transaction=True) that would drop the test's
connection, so it is a no-op here (Django's test client does the same for requests).
"""

from __future__ import annotations

import io
from unittest import mock

from django.core.management import call_command


def run_worker(*args: str) -> str:
    """Run every queued task, then return the worker's output."""
    out = io.StringIO()
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", return_value=None
    ):
        call_command("db_worker", "--batch", *args, stdout=out)
    return out.getvalue()


def fetch_built_document(client, url: str):
    """A document built by a job (the PDFs): the first request queues the build, the worker
    runs it, the second request serves the stored file. Returns the file's bytes."""
    from http import HTTPStatus

    first = client.get(url)
    assert first.status_code == HTTPStatus.ACCEPTED, first.status_code
    run_worker()
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def run_started_job(response):
    """The job a page started (the response sends the user to its page), run by a worker;
    returns the job as the worker left it."""
    from http import HTTPStatus

    from django.urls import resolve

    from jobs.models import Job

    form = response.context and response.context.get("form")
    assert response.status_code == HTTPStatus.FOUND, form and form.errors
    match = resolve(response.url)
    assert match.view_name == "jobs:job-detail", response.url
    run_worker()
    return Job.objects.get(pk=match.kwargs["pk"])


def job_problems(job) -> list[str]:
    """A failed import's problems as its command prints them: "Row 3, column “x”: ..."."""
    from jobs.cli import report_rows

    lines: list[str] = []

    class Collect:
        def write(self, line):
            lines.append(line)

    report_rows(Collect(), job)
    return lines


def worker_process_env() -> dict:
    """The environment of a real `db_worker` process for a test: the test's database and its
    media folder (where the jobs' files are)."""
    import os

    from django.conf import settings
    from django.db import connection

    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }

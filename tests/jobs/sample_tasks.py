"""Tasks for the engine's tests (importable by a worker process, like any app's tasks)."""

from __future__ import annotations

import time

from django.db import transaction

from assessment.models import Organisation
from jobs.services import JobFailed, finish_job, report_progress
from jobs.tasks import job_task


@job_task
def add_organisations(job, *, names: list[str], pause: float = 0.0):
    """Checks every name (progress per row), then writes them all in one transaction,
    pausing `pause` seconds after each row written (for a worker to be killed mid-way)."""
    problems = [
        {"row": number, "column": "name", "message": "A name is required."}
        for number, name in enumerate(names, start=2)
        if not name.strip()
    ]
    for number in range(len(names)):
        report_progress(job, number + 1, len(names), unit="rows", message="Checking")
    if problems:
        raise JobFailed("Nothing was imported: the file has problems.", rows=problems)
    report_progress(job, len(names), len(names), message=f"Writing {len(names)} organisations")
    with transaction.atomic():
        for name in names:
            Organisation.objects.create(name=name)
            time.sleep(pause)
    finish_job(job, message=f"Added {len(names)} organisations", result_url="/organisations/")


@job_task
def explode(job):
    raise RuntimeError("a bug")

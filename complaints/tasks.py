"""Background jobs of the complaints app: the import of a complaints file (CSV or XLSX).

The page and the command both start the same job (`start_complaints_import`): the file is
stored with the job; the worker checks every row (progress row by row), then writes them all
in one transaction, so a worker killed half-way has written nothing. The same file (by its
content) for the same organisation is imported once: a second submission joins the first
while it runs, and is refused once it is done.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import formats, timezone

from assessment.models import Organisation
from complaints.importer import ComplaintImportError, import_complaints
from complaints.importer.reading import count_rows
from jobs.models import Job
from jobs.services import (
    JobFailed,
    Started,
    content_digest,
    fingerprint,
    finish_job,
    report_progress,
    start_job,
)
from jobs.tasks import job_task

PERMISSION = "complaints.add_complaint"


def _people(user_id: int | None):
    """The person who started the import (None: a command, trusted as nobody in particular)."""
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise JobFailed("Nothing was imported: the account that started this import is closed.")
    return user


def _progress(job: Job, total: int | None):
    def progress(done: int, phase: str) -> None:
        if phase == "checking":
            shown = total if total is not None and done <= total else None
            report_progress(job, done, shown, unit="rows", message="Checking every row")
        elif phase == "writing":
            message = f"Writing {done:,} complaint{pluralize(done)} (all or nothing)"
            report_progress(job, 0, done, unit="complaints", message=message)
        else:
            report_progress(job, done)

    return progress


def _failure(error: ComplaintImportError, name: str) -> JobFailed:
    message = f"Nothing was imported: {error.total:,} problem{pluralize(error.total)} in {name}."
    if error.total > len(error.errors):
        message += f" The first {len(error.errors):,} are listed; correct them and upload again."
    rows = [{"row": e.row or "", "column": e.column, "message": e.message} for e in error.errors]
    return JobFailed(message, rows=rows)


@job_task
def import_complaints_file(
    job,
    *,
    organisation_id: int,
    user_id: int | None,
    create_missing: bool,
    update_existing: bool,
    max_rows: int | None = None,
):
    """Import the job's stored file into the organisation, all or nothing."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise JobFailed("Nothing was imported: the organisation was deleted.")
    user = _people(user_id)
    with job.input_file.open("rb") as handle:
        report_progress(job, 0, None, unit="rows", message="Counting the rows")
        progress = _progress(job, count_rows(job.input_name, handle))
        try:
            result = import_complaints(
                organisation=organisation,
                user=user,
                filename=job.input_name,
                content=handle,
                create_missing=create_missing,
                update_existing=update_existing,
                max_rows=max_rows,
                progress=progress,
            )
        except ComplaintImportError as error:
            raise _failure(error, job.input_name) from None
        except PermissionDenied as error:
            raise JobFailed(f"Nothing was imported: {error}") from None
    message = (
        f"Imported {result.created:,} new and updated {result.updated:,} complaints for "
        f"{organisation}."
    )
    if result.created_names:
        message += " Created: " + ", ".join(result.created_names) + "."
    url = f"{reverse('complaints:complaint-list')}?organisation={organisation.pk}"
    finish_job(job, message=message, result_url=url)


def start_complaints_import(
    *,
    upload,
    organisation,
    user,
    create_missing: bool = False,
    update_existing: bool = False,
    max_rows: int | None = None,
    queue: bool = True,
) -> Started:
    """Store the file and queue its import (PermissionDenied unless the user's role in the
    organisation lets them add complaints; `user` None: a command). The same content for the
    same organisation gives the earlier job (Started.created False): see duplicate_message."""
    kind = Job.Kind.COMPLAINTS_IMPORT
    return start_job(
        kind=kind,
        task=import_complaints_file,
        title=f"Import of {upload.name} into {organisation}",
        user=user,
        organisation=organisation,
        permission=PERMISSION,
        subject=f"organisation:{organisation.pk}",
        fingerprint=fingerprint(kind, organisation.pk, content_digest(upload)),
        kwargs={
            "organisation_id": organisation.pk,
            "user_id": user.pk if user is not None else None,
            "create_missing": create_missing,
            "update_existing": update_existing,
            "max_rows": max_rows,
        },
        input_file=upload,
        queue=queue,
    )


def duplicate_message(job: Job) -> str:
    """Why a file is not imported again: the job that imported (or is importing) it."""
    if job.status == Job.Status.DONE:
        when = formats.date_format(timezone.localtime(job.finished_at), "j F Y, H:i")
        return (
            f"This file was already imported into {job.organisation} on {when} (job {job.pk}); "
            "it was not imported again. To change those complaints, edit the file and tick "
            "“update existing”."
        )
    return f"This file is already being imported into {job.organisation} (job {job.pk})."

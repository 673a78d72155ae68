"""Exports too large for a request, built by a job (core.exports.ExportMixin hands them here).

The worker rebuilds the list's export view for the same person and the same query, so the
rows are exactly those the request would have downloaded, scoped as the page scopes them. The
file is written to a temporary file (CSV, or XLSX in openpyxl's constant-memory mode), stored
with the job, kept EXPORT_FILES_KEEP_HOURS for its owner alone (a job of no organisation: no
one else may see it), then deleted.
"""

from __future__ import annotations

import datetime
import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.files import File
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.utils.module_loading import import_string

from core.exports import (
    NOTHING_EXPORTED,
    ExportMixin,
    export_stamp,
    write_csv,
    write_xlsx,
)
from jobs.models import Job
from jobs.services import JobFailed, fingerprint, finish_job, report_progress, start_job
from jobs.tasks import job_task

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _format(query: QueryDict) -> str:
    return "xlsx" if query.get("format") == "xlsx" else "csv"


def start_export(view: ExportMixin, request):
    """Queue the export's job and answer with its page (the same export asked for again by
    the same person while it is being built: that job)."""
    view_path = f"{type(view).__module__}.{type(view).__qualname__}"
    query = request.GET.urlencode()
    kind = Job.Kind.EXPORT
    started = start_job(
        kind=kind,
        task=build_export,
        title=f"{view.export_title} export ({_format(request.GET).upper()})",
        user=request.user,
        permission=view.export_permission(),
        fingerprint=fingerprint(kind, view_path, request.path, query, request.user.pk),
        kwargs={
            "view": view_path,
            "path": request.path,
            "query": query,
            "user_id": request.user.pk,
        },
        reuse_done=False,  # the rows may have changed since: a new file
    )
    messages.info(
        request,
        f"More than {settings.EXPORT_ROWS_IN_REQUEST:,} rows: the file is being made in the "
        "background. Its link appears here when it is ready (only you can download it).",
    )
    return HttpResponseRedirect(started.job.get_absolute_url())


def _view_for(view_path: str, path: str, query: str, user_id: int) -> ExportMixin:
    """The export view as the request had it: same class, person, path and query."""
    view_class = import_string(view_path)
    if not (isinstance(view_class, type) and issubclass(view_class, ExportMixin)):
        raise JobFailed("Nothing was exported: this is not a list's export.")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise JobFailed("Nothing was exported: the account that asked for it is closed.")
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(query)
    request.user = user
    view = view_class()
    view.setup(request)
    return view


def _counted(job, rows, total: int):
    for done, row in enumerate(rows, start=1):
        report_progress(job, done, total)
        yield row


@job_task
def build_export(job, *, view: str, path: str, query: str, user_id: int):
    """Write the list's filtered rows to a file and keep it for its owner."""
    export = _view_for(view, path, query, user_id)
    filterset = export.export_filterset()
    if not filterset.is_valid():
        raise JobFailed(NOTHING_EXPORTED)
    total = filterset.qs.order_by().count()
    report_progress(job, 0, total, unit="rows", message="Writing the rows")
    rows = _counted(job, export.export_rows(filterset.qs), total)
    form = _format(export.request.GET)
    with tempfile.TemporaryFile() as handle:
        if form == "xlsx":
            write_xlsx(handle, [(export.export_title, export.export_columns, rows)])
        else:
            write_csv(handle, export.export_columns, rows)
        handle.seek(0)
        finish_job(
            job,
            message=f"{total:,} rows exported",
            content=File(handle),
            filename=f"{export_stamp(export.export_name)}.{form}",
            content_type=CONTENT_TYPES[form],
            keep_for=datetime.timedelta(hours=settings.EXPORT_FILES_KEEP_HOURS),
        )

"""Documents built by a job once per version and then served from storage (report PDFs).

A document's version is a fingerprint of everything it shows, read cheaply by the database.
A request whose version has a stored file gets that file at once; otherwise it starts (or
joins) a job that builds this version and gets a page saying a new version is being prepared,
with its progress and, when there is one, a link to the previous version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from http import HTTPStatus

from django.http import FileResponse, Http404
from django.template.response import TemplateResponse

from assessment.tenancy import require_perm
from jobs.models import Job
from jobs.services import fingerprint, start_job


@dataclass(frozen=True)
class Document:
    kind: str
    subject: str  # "assessment:12"
    version: str  # fingerprint of what it shows now
    title: str  # what the job page calls it
    filename: str  # download name, e.g. "northshire-adult-social-care.pdf"
    task: object  # a @job_task building it: task(job_id, **kwargs)
    organisation: object  # whose document it is
    permission: str  # what reading it needs in that organisation, e.g. "actions.view_actionplan"
    kwargs: dict = field(default_factory=dict)
    content_type: str = "application/pdf"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.kind, self.subject, self.version)


def _stored(document: Document, *, current: bool) -> Job | None:
    jobs = Job.objects.filter(kind=document.kind, subject=document.subject, status="done")
    if current:
        jobs = jobs.filter(fingerprint=document.fingerprint)
    return jobs.exclude(result_file="").order_by("-finished_at", "-pk").first()


def _file_response(job: Job, document: Document) -> FileResponse | None:
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError:
        return None
    response = FileResponse(
        handle, as_attachment=True, filename=document.filename, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve_or_build(request, document: Document):
    """The stored file of the current version; or, with ?previous=1, the newest stored one
    (whatever its version); else a page while a job builds the current version. Only for
    someone whose role in the document's organisation lets them read it (PermissionDenied)."""
    require_perm(
        request.user,
        document.permission,
        document.organisation,
        "Your role may not read this organisation's documents.",
    )
    if request.GET.get("previous"):
        previous = _stored(document, current=False)
        response = previous and _file_response(previous, document)
        if response is None:
            raise Http404("No earlier version is stored.")
        return response
    current = _stored(document, current=True)
    response = current and _file_response(current, document)
    if response is not None:
        return response
    started = start_job(
        kind=document.kind,
        task=document.task,
        title=document.title,
        user=request.user,
        organisation=document.organisation,
        permission=document.permission,
        subject=document.subject,
        fingerprint=document.fingerprint,
        kwargs=document.kwargs,
        # A done job without a usable file (deleted from storage) is built again.
        reuse_done=False,
    )
    context = {
        "job": started.job,
        "joined": not started.created,
        "document": document,
        "previous": _stored(document, current=False),
    }
    return TemplateResponse(
        request, "jobs/document_building.html", context, status=HTTPStatus.ACCEPTED
    )

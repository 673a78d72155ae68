""" "You said, we did" as a PDF, of an organisation or of one feedback source (to send to a
forum's providers): built once per version by a job (jobs.documents), from the same published
entries as the page, so it shows approved wording only."""

from __future__ import annotations

from django.db.models import F, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from actions import selectors
from actions.models import Action, EffectivenessReview, FeedbackSource, PublicWording
from assessment.models import Organisation
from assessment.pdf import render_pdf
from jobs import versions
from jobs.documents import Document
from jobs.models import Job
from jobs.services import JobFailed, finish_job, report_progress
from jobs.tasks import job_task

PERMISSION = "actions.view_publicwording"


def public_pdf(organisation: Organisation, source: FeedbackSource | None = None) -> bytes:
    """Render the published entries (of the source, when given) to a tagged PDF."""
    if source is None:
        context = selectors.you_said_we_did(organisation)
    else:
        context = selectors.source_outcomes(source)
    html = render_to_string(
        "actions/public_outcomes_pdf.html",
        context | {"organisation": organisation, "source": source, "generated_at": timezone.now()},
    )
    return render_pdf(html)


def _parts(organisation, wordings) -> dict:
    """What the entries show, as version parts: the wording (edits, approvals, deletions), its
    sources' names and tags, and the follow-ups' progress and reviews."""
    follow_ups = Action.objects.filter(plan__organisation=organisation, follow_up_of__isnull=False)
    return {
        **versions.prefixed("wordings", versions.rows(wordings, edited="updated_at")),
        "wordings.history": versions.maximum(
            PublicWording.history.model.objects.filter(
                review__action__plan__organisation=organisation
            ),
            "history_id",
        ),
        **versions.prefixed(
            "tags",
            versions.rows(
                PublicWording.sources.through.objects.filter(
                    publicwording__review__action__plan__organisation=organisation
                )
            ),
        ),
        **versions.prefixed(
            "sources",
            versions.rows(
                FeedbackSource.objects.filter(organisation=organisation), edited="updated_at"
            ),
        ),
        **versions.prefixed("follow_ups", versions.rows(follow_ups, edited="updated_at")),
        **versions.prefixed(
            "follow_up_reviews",
            versions.rows(
                EffectivenessReview.objects.filter(
                    action__plan__organisation=organisation, action__follow_up_of__isnull=False
                )
            ),
        ),
    }


def public_pdf_version(organisation: Organisation, source: FeedbackSource | None = None) -> str:
    """A fingerprint of what the PDF shows now, in one query (jobs/versions.py)."""
    if source is None:
        mine = OuterRef("pk")
        wordings = PublicWording.objects.filter(review__action__plan__organisation=mine)
        parts = {"organisation": F("name"), **_parts(mine, wordings)}
        return versions.version_of(Organisation.objects.filter(pk=organisation.pk), parts)
    mine = OuterRef("organisation_id")
    wordings = PublicWording.objects.filter(sources=OuterRef("pk"))
    parts = {
        "organisation": F("organisation__name"),
        "source": F("updated_at"),
        **_parts(mine, wordings),
    }
    return versions.version_of(FeedbackSource.objects.filter(pk=source.pk), parts)


def public_document(organisation: Organisation, source: FeedbackSource | None = None) -> Document:
    """The PDF as a document served from storage or built by a job (jobs.documents)."""
    kwargs = {"organisation_id": organisation.pk, "source_id": source and source.pk}
    if source is None:
        subject, title = f"organisation:{organisation.pk}", f"You said, we did: {organisation}"
    else:
        subject, title = f"source:{source.pk}", f"What people said and what changed: {source}"
    filename = f"{slugify(title)[:80] or 'you-said-we-did'}.pdf"
    return Document(
        kind=Job.Kind.YOU_SAID_PDF,
        subject=subject,
        version=public_pdf_version(organisation, source),
        title=f"PDF of {title}",
        filename=filename,
        task=build_public_pdf,
        kwargs=kwargs | {"filename": filename},
        organisation=organisation,
        permission=PERMISSION,
    )


@job_task
def build_public_pdf(job, *, organisation_id: int, source_id: int | None, filename: str):
    """Lay out the published entries' PDF (public_pdf) and store it."""
    report_progress(job, 0, 2, unit="steps", message="Laying out the pages")
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    source = FeedbackSource.objects.filter(pk=source_id).first() if source_id else None
    if organisation is None or (source_id and source is None):
        raise JobFailed("It was deleted before its PDF could be made.")
    pdf = public_pdf(organisation, source)
    report_progress(job, 1, 2, message="Storing the PDF")
    if source is None:
        url = reverse("actions:you-said-we-did-pdf", args=[organisation_id])
    else:
        url = reverse("actions:feedback-source-pdf", args=[source_id])
    finish_job(
        job,
        message="PDF laid out",
        content=pdf,
        filename=filename,
        content_type="application/pdf",
        result_url=url,
    )

"""Writes for evidence: the record, its file's facts and its links to findings, together."""

from __future__ import annotations

from django.db import transaction

from findings.models import Evidence
from findings.uploads import check_upload


@transaction.atomic
def save_evidence(*, form, assessment, user) -> Evidence:
    """Save a valid EvidenceForm. A new upload is re-checked and stored under a random name."""
    evidence: Evidence = form.instance
    evidence.assessment = assessment
    upload = form.cleaned_data.get("file")
    if upload and hasattr(upload, "content_type"):
        evidence.content_type = check_upload(upload)
        evidence.original_filename = upload.name[-255:]
        evidence.size = upload.size
    elif not upload:
        evidence.content_type = ""
        evidence.original_filename = ""
        evidence.size = None
    if evidence.pk is None:
        evidence.added_by = user
    evidence.full_clean()
    evidence.save()
    form.save_m2m()
    return evidence

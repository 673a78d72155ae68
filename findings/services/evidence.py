"""Writes for evidence: the record, its file's facts and its links to findings, together."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from core.history import save_if_changed
from core.uploads import check_upload
from findings.models import Evidence, Finding


@transaction.atomic
def save_evidence(
    *, evidence: Evidence, upload=None, findings: Iterable[Finding] = (), user=None
) -> Evidence:
    """Save evidence and its links. A new upload is re-checked and stored under a random name.

    `upload` is a newly uploaded file, or None to keep (or not have) the stored one.
    """
    if upload is not None:
        evidence.content_type = check_upload(upload)
        evidence.original_filename = upload.name.replace("\\", "/").rsplit("/", 1)[-1][-255:]
        evidence.size = upload.size
        evidence.file = upload
    elif not evidence.file:
        evidence.content_type, evidence.original_filename, evidence.size = "", "", None
    if evidence.pk is None:
        evidence.added_by = user
    evidence.full_clean()
    if evidence.pk is None:
        evidence.save()
    else:  # an edit that changes nothing records no history
        save_if_changed(evidence, Evidence.objects.select_for_update().get(pk=evidence.pk))
    evidence.findings.set(findings)
    return evidence

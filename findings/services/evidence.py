"""Writes for evidence: the record, its file's facts and its links to findings, together."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from assessment.tenancy import require_perm
from core.history import save_if_changed
from core.uploads import check_upload
from findings.models import Evidence, Finding

_MAY_NOT_ADD = "Your role may not add evidence to this assessment."
_MAY_NOT_EDIT = "Your role may not edit this evidence."


@transaction.atomic
def save_evidence(
    *, evidence: Evidence, user, upload=None, findings: Iterable[Finding] = ()
) -> Evidence:
    """Save evidence and its links (findings of its assessment only). A new upload is
    re-checked and stored under a random name. Refused unless the user's role in the
    evidence's organisation lets them add (or, for an edit, change) evidence.

    `upload` is a newly uploaded file, or None to keep (or not have) the stored one.
    """
    stored = None
    if evidence.pk is None:
        require_perm(user, "findings.add_evidence", evidence.assessment, _MAY_NOT_ADD)
    else:
        stored = Evidence.objects.select_for_update().get(pk=evidence.pk)
        require_perm(user, "findings.change_evidence", stored, _MAY_NOT_EDIT)
        require_perm(user, "findings.change_evidence", evidence, _MAY_NOT_EDIT)
    findings = list(findings)
    if any(finding.topic.assessment_id != evidence.assessment_id for finding in findings):
        raise ValidationError(
            {"findings": "Choose findings of the evidence's assessment only."},
            code="other_assessment",
        )
    if upload is not None:
        evidence.content_type = check_upload(upload)
        evidence.original_filename = upload.name.replace("\\", "/").rsplit("/", 1)[-1][-255:]
        evidence.size = upload.size
        evidence.file = upload
    elif not evidence.file:
        evidence.content_type, evidence.original_filename, evidence.size = "", "", None
    if stored is None:
        evidence.added_by = user
        evidence.full_clean()
        evidence.save()
    else:  # an edit that changes nothing records no history
        evidence.full_clean()
        save_if_changed(evidence, stored)
    evidence.findings.set(findings)
    return evidence

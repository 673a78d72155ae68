"""Writes for the evidence library: the record, its links to findings, its owner and review
date, and its versions (every upload kept), together."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from assessment.tenancy import members_of, require_perm
from core.concurrency import NOT_CHECKED, check_edit
from core.history import save_if_changed
from core.uploads import check_upload
from findings.models import Evidence, EvidenceVersion, Finding

_MAY_NOT_ADD = "Your role may not add evidence to this organisation's library."
_MAY_NOT_EDIT = "Your role may not edit this evidence."
# What a refused edit shows as changed by the other person (the form's fields, in its order).
CONFLICT_FIELDS = ("title", "kind", "date", "owner", "review_date", "description", "url")
OTHER_ORGANISATION = (
    "Finding %(finding)s is not a finding of %(organisation)s: evidence can support only its "
    "own organisation's findings."
)


def validate_links(*, evidence: Evidence, findings: Iterable[Finding]) -> None:
    """Refuse findings of another organisation than the evidence's (one query)."""
    ids = [finding.pk for finding in findings]
    foreign = Finding.objects.filter(pk__in=ids).exclude(
        topic__assessment__organisation_id=evidence.organisation_id
    )
    errors = [
        ValidationError(
            OTHER_ORGANISATION,
            code="other_organisation",
            params={"finding": pk, "organisation": evidence.organisation},
        )
        for pk in sorted(foreign.values_list("pk", flat=True))
    ]
    if errors:
        raise ValidationError({"findings": errors})


def validate_owner(*, evidence: Evidence) -> None:
    """The owner must be an active member of the evidence's organisation."""
    if evidence.owner_id is None:
        return
    if not members_of(evidence.organisation_id).filter(pk=evidence.owner_id).exists():
        raise ValidationError(
            {"owner": f"Choose a member of {evidence.organisation} as the owner."},
            code="owner_not_member",
        )


def _take_upload(evidence: Evidence, upload) -> None:
    evidence.content_type = check_upload(upload)
    evidence.original_filename = upload.name.replace("\\", "/").rsplit("/", 1)[-1][-255:]
    evidence.size = upload.size
    evidence.file = upload


def _record_version(evidence: Evidence, user) -> EvidenceVersion:
    """The evidence's stored file as its next version (the evidence's row is locked or new)."""
    latest = evidence.versions.aggregate(latest=Max("number"))["latest"] or 0
    return EvidenceVersion.objects.create(
        evidence=evidence,
        number=latest + 1,
        file=evidence.file.name,
        original_filename=evidence.original_filename,
        content_type=evidence.content_type,
        size=evidence.size,
        uploaded_by=user,
    )


@transaction.atomic
def save_evidence(
    *,
    evidence: Evidence,
    user,
    upload=None,
    findings: Iterable[Finding] = (),
    expected_version=NOT_CHECKED,
) -> Evidence:
    """Save evidence and its links (findings of its organisation only, in any of its
    assessments). A new upload is checked, stored under a random name and kept as the next
    version (earlier versions stay). Refused unless the user's role in the evidence's
    organisation lets them add (or, for an edit, change) evidence.

    `upload` is a newly uploaded file, or None to keep (or not have) the stored one. An edit
    saved since the editor opened `expected_version` is refused (EditConflict).
    """
    stored = None
    if evidence.pk is None:
        require_perm(user, "findings.add_evidence", evidence.organisation, _MAY_NOT_ADD)
    else:
        stored = Evidence.objects.select_for_update().get(pk=evidence.pk)
        require_perm(user, "findings.change_evidence", stored, _MAY_NOT_EDIT)
        require_perm(user, "findings.change_evidence", evidence, _MAY_NOT_EDIT)
        check_edit(stored, expected_version, CONFLICT_FIELDS)
    findings = list(findings)
    validate_links(evidence=evidence, findings=findings)
    validate_owner(evidence=evidence)
    if upload is not None:
        _take_upload(evidence, upload)
    elif not evidence.file:
        evidence.content_type, evidence.original_filename, evidence.size = "", "", None
    evidence.full_clean()
    if stored is None:
        evidence.added_by = user
        evidence.save()
    else:  # an edit that changes nothing records no history
        save_if_changed(evidence, stored)
    if upload is not None:
        _record_version(evidence, user)
    evidence.findings.set(findings)
    return evidence


@transaction.atomic
def add_version(*, evidence: Evidence, user, upload) -> EvidenceVersion:
    """A new upload of the evidence's file: checked, stored, and made the current version; the
    earlier versions stay downloadable."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    require_perm(user, "findings.change_evidence", evidence, _MAY_NOT_EDIT)
    _take_upload(evidence, upload)
    evidence.url = ""  # a file replaces a link: the model allows one or the other
    evidence.version += 1  # an edit form opened before the upload is refused
    evidence.full_clean()
    evidence.save()
    return _record_version(evidence, user)

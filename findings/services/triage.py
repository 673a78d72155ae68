"""Triage: setting findings' judgement, source and evidence category where they are listed, one
at a time on the statement page (saved as made, against the version the page showed) or many at
once on the findings list. Every change goes through save_if_changed, so each finding keeps its
history and a change to what it already says records nothing."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from assessment.tenancy import require_perm
from core.concurrency import check_version
from core.history import save_if_changed
from findings.models import Finding
from findings.services.findings import CONFLICT_FIELDS

TRIAGE_FIELDS = ("judgement", "source", "evidence_category")
# One request may set this many findings at once (a page of the list is 25).
BULK_LIMIT = 500


_MAY_NOT_CHANGE = "Your role may not change findings of this organisation."


def _check_may_change(user, finding: Finding) -> None:
    require_perm(user, "findings.change_finding", finding, _MAY_NOT_CHANGE)


def _set(finding: Finding, values: dict[str, str]) -> None:
    for field, value in values.items():
        if field not in TRIAGE_FIELDS:
            raise ValueError(f"{field} is not set by triage")
        setattr(finding, field, value)


@transaction.atomic
def triage_finding(
    *, finding: Finding, user, expected_version: int, **values: str
) -> tuple[Finding, bool]:
    """Set some of the finding's judgement, source and evidence category, unless someone saved
    the finding since the page showing `expected_version` was opened (EditConflict, listing
    what they changed). Returns the finding as saved and whether anything changed."""
    current = Finding.objects.select_for_update().select_related("topic").get(pk=finding.pk)
    _check_may_change(user, current)
    check_version(current, expected_version, CONFLICT_FIELDS)
    stored = copy.copy(current)
    _set(current, values)
    current.full_clean()
    return current, save_if_changed(current, stored)


@dataclass
class BulkResult:
    chosen: int
    changed: int


@transaction.atomic
def bulk_set_findings(*, finding_ids, user, values: dict[str, str]) -> BulkResult:
    """Set the same judgement, source and/or evidence category on every chosen finding, all or
    nothing: one refused finding (gone since the list was shown, or an invalid value) saves
    none. The rows are locked in id order, so two bulk edits at once cannot deadlock. Only
    findings the user may see count: another organisation's ids are "no longer exist"."""
    ids = sorted(set(finding_ids))
    if not ids:
        raise ValidationError("Tick the findings to change first.", code="none_chosen")
    if len(ids) > BULK_LIMIT:
        raise ValidationError(f"Choose at most {BULK_LIMIT} findings at once.", code="too_many")
    if not values:
        raise ValidationError(
            "Choose a judgement, source or category to set.", code="nothing_to_set"
        )
    findings = list(
        Finding.objects.for_user(user)
        .select_for_update(of=("self",))
        .select_related("topic__assessment")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(findings) != len(ids):
        gone = len(ids) - len(findings)
        raise ValidationError(
            f"{gone} of the chosen findings no longer exist{'s' if gone == 1 else ''} (deleted "
            "since the list was shown): nothing was changed. Reload the list and try again.",
            code="gone",
        )
    edits = []
    for finding in findings:
        _check_may_change(user, finding)
        stored = copy.copy(finding)
        _set(finding, values)
        finding.full_clean()
        edits.append((finding, stored))
    changed = sum(save_if_changed(finding, stored) for finding, stored in edits)
    return BulkResult(chosen=len(findings), changed=changed)

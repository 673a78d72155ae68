"""Writes of complaints. Each validates the whole record before saving, in a transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from core.concurrency import refuse_duplicates
from findings.models import Complaint


def check_reference_free(complaint: Complaint) -> None:
    """Refuse, on the Reference field, a reference another complaint of the organisation has."""
    if not (complaint.organisation_id and complaint.reference):
        return
    taken = Complaint.objects.filter(
        organisation_id=complaint.organisation_id, reference=complaint.reference
    )
    if complaint.pk:
        taken = taken.exclude(pk=complaint.pk)
    if taken.exists():
        raise ValidationError(
            {
                "reference": ValidationError(
                    "A complaint with reference %(reference)s already exists for %(organisation)s.",
                    code="unique_reference",
                    params={
                        "reference": complaint.reference,
                        "organisation": complaint.organisation,
                    },
                )
            }
        )


@transaction.atomic
def save_complaint(*, complaint: Complaint) -> Complaint:
    """Create or update a complaint; the history records who changed what, and when.

    A reference taken by someone else between the check and the save is refused like one
    taken before (ValidationError on the Reference field), not with a database error.
    """
    check_reference_free(complaint)
    complaint.full_clean()
    with refuse_duplicates(lambda: check_reference_free(complaint)):
        complaint.save()
    return complaint

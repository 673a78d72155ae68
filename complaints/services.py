"""Writes of complaints. Each checks the user's role in the complaint's organisation and
validates the whole record before saving, in a transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from assessment.tenancy import require_perm
from complaints.bank_holidays import ensure_dates
from complaints.models import Complaint
from complaints.models.clock import add_working_days
from complaints.models.complaint import normal_reference
from core.concurrency import NOT_CHECKED, check_edit, refuse_duplicates
from core.history import save_if_changed

# The dates the acknowledgement clock counts between (their years' bank holidays must be in).
CLOCK_DATES = ("date_received", "date_acknowledged")
_MAY_NOT_EDIT = "Your role may not edit this complaint."
# What a refused edit shows as changed by the other person (the form's fields, in its order).
CONFLICT_FIELDS = (
    "reference",
    "relationship",
    "procedure",
    "service_area",
    "category",
    "summary",
    "date_received",
    "date_acknowledged",
    "response_due",
    "date_responded",
    "investigating_officer",
    "status",
    "outcome",
    "learning",
    "lgsco_status",
    "lgsco_decision",
)


def default_response_due(organisation, received: datetime.date) -> datetime.date:
    """A complaint's agreed response date unless another is agreed: the organisation's default
    number of working days after receipt (bank holidays skipped, as the clock counts)."""
    days = organisation.default_response_working_days
    ensure_dates([received, received + datetime.timedelta(days=days * 2 + 14)])
    return add_working_days(received, days)


def check_reference_free(complaint: Complaint) -> None:
    """Refuse, on the Reference field, a reference another complaint of the organisation has."""
    if not (complaint.organisation_id and complaint.reference):
        return
    complaint.reference = normal_reference(complaint.reference)
    taken = Complaint.objects.filter(
        organisation_id=complaint.organisation_id, reference__iexact=complaint.reference
    )
    if complaint.pk:
        taken = taken.exclude(pk=complaint.pk)
    existing = taken.values_list("reference", flat=True).first()
    if existing is not None:
        raise ValidationError(
            {
                "reference": ValidationError(
                    "A complaint with reference %(reference)s already exists for %(organisation)s.",
                    code="unique_reference",
                    params={
                        "reference": existing,
                        "organisation": complaint.organisation,
                    },
                )
            }
        )


@transaction.atomic
def save_complaint(*, complaint: Complaint, user, expected_version=NOT_CHECKED) -> Complaint:
    """Create or update a complaint; the history records who changed what, and when. Refused
    (PermissionDenied) unless the user's role lets them add complaints to its organisation or,
    for an edit, change them in the organisation it was and is in.

    A reference taken by someone else between the check and the save is refused like one
    taken before (ValidationError on the Reference field), not with a database error.
    An edit saved since the editor opened `expected_version` is refused (EditConflict); an
    edit that changes nothing saves nothing.
    """
    stored = None
    if complaint.pk is not None:
        stored = Complaint.objects.select_for_update().get(pk=complaint.pk)
        require_perm(user, "complaints.change_complaint", stored, _MAY_NOT_EDIT)
        check_edit(stored, expected_version, CONFLICT_FIELDS)
    check_reference_free(complaint)
    complaint.full_clean()
    if complaint.pk is None:
        require_perm(
            user,
            "complaints.add_complaint",
            complaint.organisation,
            "Your role may not record complaints for this organisation.",
        )
    else:
        require_perm(user, "complaints.change_complaint", complaint, _MAY_NOT_EDIT)
    ensure_dates(getattr(complaint, field) for field in CLOCK_DATES)
    with refuse_duplicates(lambda: check_reference_free(complaint)):
        if stored is None:
            complaint.save()
        else:
            save_if_changed(complaint, stored)
    return complaint


@transaction.atomic
def delete_complaint(*, complaint: Complaint, user) -> None:
    """Delete a complaint (its history keeps the record): managers of its organisation."""
    require_perm(
        user,
        "complaints.delete_complaint",
        complaint,
        "Only a manager of the complaint's organisation may delete it.",
    )
    complaint.delete()

"""Writes of complaints. Each validates the whole record before saving, in a transaction."""

from __future__ import annotations

from django.db import transaction

from findings.models import Complaint


@transaction.atomic
def save_complaint(*, complaint: Complaint) -> Complaint:
    """Create or update a complaint; the history records who changed what, and when."""
    complaint.full_clean()
    complaint.save()
    return complaint

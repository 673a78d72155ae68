"""A complaint's history of changes."""

from __future__ import annotations

from complaints.models import Complaint
from core import history


def complaint_changes(complaint: Complaint, limit: int = 50) -> list[history.Change]:
    """The complaint's history, newest first, each entry with the fields it changed (one query,
    see core.history)."""
    return history.changes(
        complaint.history.all(),
        exclude=("id", "created_at", "updated_at", "organisation"),
        related=("category", "service_area"),
        limit=limit,
    )

"""Demo data for findings: the seed report section imported into the demo assessment."""

from __future__ import annotations


def import_seed_report(assessment) -> None:
    """Import the seed report into the demo assessment (filled in with the report importer)."""

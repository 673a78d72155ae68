"""Demo data for findings: a real published report section imported into the demo assessment."""

from __future__ import annotations

from pathlib import Path

from findings.services.reports import import_report

# "Learning, improvement and innovation", as published in a real CQC local authority report.
SEED_REPORT = Path(__file__).resolve().parent / "demo_data" / "learning-improvement-innovation.txt"


def import_seed_report(assessment) -> list:
    """Import the seed report section (idempotent: a second run adds nothing)."""
    text = SEED_REPORT.read_text(encoding="utf-8")
    return import_report(assessment=assessment, text=text, user=None)

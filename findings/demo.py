"""Demo data for findings: a real published report section imported into the demo assessment,
and the demo council's evidence library."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from findings.models import Evidence, Finding
from findings.services.reports import import_report

# "Learning, improvement and innovation", as published in a real CQC local authority report.
SEED_REPORT = Path(__file__).resolve().parent / "demo_data" / "learning-improvement-innovation.txt"


def import_seed_report(assessment) -> list:
    """Import the seed report section (idempotent: a second run adds nothing)."""
    text = SEED_REPORT.read_text(encoding="utf-8")
    return import_report(assessment=assessment, text=text, user=None)


# The demo council's evidence library: (title, kind, link, owner, review in days from today).
# One past its review date and one due within the reminder period, so the readiness check,
# the library's filters and the owners' digest all have something to show.
DEMO_EVIDENCE = (
    ("Adults' Principal Social Worker annual report", "document",
     "https://example.org/psw-annual-report", "manager", 120),
    ("Learning from complaints: quarterly review", "dataset",
     "https://example.org/complaints-learning", "officer", -10),
    ("Co-production board minutes", "document",
     "https://example.org/co-production-minutes", "officer", 7),
    ("Carers' feedback survey results", "survey", "", "officer", None),
)  # fmt: skip


def load_demo_evidence(assessment) -> list:
    """The demo council's library, each item supporting the seed findings (idempotent)."""
    today = timezone.localdate()
    owners = {
        u.username: u for u in get_user_model().objects.filter(username__in=["manager", "officer"])
    }
    findings = list(Finding.objects.filter(topic__assessment=assessment).order_by("pk")[:4])
    items = []
    for n, (title, kind, url, owner, review_in) in enumerate(DEMO_EVIDENCE):
        item, made = Evidence.objects.get_or_create(
            organisation=assessment.organisation,
            title=title,
            defaults={
                "kind": kind if url else Evidence.Kind.NOTE,
                "url": url,
                "owner": owners.get(owner),
                "review_date": None
                if review_in is None
                else today + datetime.timedelta(days=review_in),
            },
        )
        if made and findings:
            item.findings.add(findings[n % len(findings)])
        items.append(item)
    return items

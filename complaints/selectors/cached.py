"""The annual complaints report and the years it offers, kept in the cache (settings.CACHES:
Redis shared by every worker in production) under a key holding the organisation's complaints
version (models/version.py), which the database changes with every write the report depends
on. A cached report is therefore never stale; a time limit only frees memory. The day is in
the key too: the report counts what is overdue today, and shows only the months so far."""

from __future__ import annotations

import dataclasses
import datetime

from django.core.cache import cache
from django.utils import timezone

from assessment.models import Organisation
from complaints.models import Complaint, complaints_version
from complaints.selectors.annual_report import annual_report
from complaints.selectors.figures import AnnualReport

# Change when AnnualReport changes shape: reports cached by the code before are then unused.
KEY_FORMAT = 1
KEEP_SECONDS = 24 * 60 * 60


def _key(kind: str, organisation: Organisation, version: int, *parts) -> str:
    return ":".join(map(str, ("complaints", kind, KEY_FORMAT, organisation.pk, version, *parts)))


def report_years(organisation: Organisation, version: int) -> list[int]:
    """The financial years with the organisation's complaints, newest first."""
    key = _key("years", organisation, version)
    years = cache.get(key)
    if years is None:
        years = list(Complaint.objects.filter(organisation=organisation).financial_years())
        cache.set(key, years, KEEP_SECONDS)
    return years


def cached_annual_report(
    organisation: Organisation,
    year: int,
    today: datetime.date | None = None,
    version: int | None = None,
) -> AnnualReport:
    """selectors.annual_report, computed once per version of the organisation's complaints
    and day (`version`: complaints_version(organisation), read here when not given)."""
    today = today or timezone.localdate()
    if version is None:
        version = complaints_version(organisation)
    key = _key("report", organisation, version, year, today.isoformat())
    report = cache.get(key)
    if report is None:
        report = annual_report(organisation, year, today)
        cache.set(key, report, KEEP_SECONDS)
    # The organisation as read for this request (its name may have changed).
    return dataclasses.replace(report, organisation=organisation)

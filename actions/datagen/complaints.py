"""Each council's complaint categories, service areas and complaints over the years."""

from __future__ import annotations

import datetime

from actions.datagen.bulk import insert
from actions.datagen.run import Run, by_organisation
from actions.datagen.scales import CATEGORIES, SERVICE_AREAS
from complaints.bank_holidays import ensure_years
from complaints.models import Complaint, ComplaintCategory, ServiceArea


def categories_and_areas(run: Run) -> None:
    run.categories_by_org = by_organisation(
        ComplaintCategory.objects.bulk_create(
            ComplaintCategory(organisation=org, name=name)
            for org in run.organisations
            for name in CATEGORIES
        )
    )
    run.areas_by_org = by_organisation(
        ServiceArea.objects.bulk_create(
            ServiceArea(organisation=org, name=name)
            for org in run.organisations
            for name in SERVICE_AREAS
        )
    )


def _complaint(run: Run, n: int, first_day: datetime.date, span: int) -> Complaint:
    """The nth complaint: received on a random day; recent ones mostly still open."""
    rng, today = run.rng, run.today
    org = run.organisations[n % len(run.organisations)]
    received = first_day + datetime.timedelta(days=rng.randrange(span))
    acknowledged = received + datetime.timedelta(days=rng.choice((0, 1, 2, 3, 4, 6)))
    due = received + datetime.timedelta(days=rng.choice((20, 28, 40, 60)))
    open_ = received > today - datetime.timedelta(days=45) and rng.random() < 0.6
    responded = None if open_ else received + datetime.timedelta(days=rng.randrange(5, 90))
    outcome = (
        ""
        if open_
        else rng.choice(("upheld", "partly_upheld", "not_upheld", "not_upheld", "withdrawn"))
    )
    lgsco = rng.random()
    return Complaint(
        organisation=org,
        reference=f"C{n:07d}",
        date_received=received,
        date_acknowledged=min(acknowledged, today),
        response_due=due,
        date_responded=min(responded, today) if responded else None,
        relationship=rng.choice(Complaint.Relationship.values),
        service_area=rng.choice(run.areas_by_org[org.pk]),
        category=rng.choice(run.categories_by_org[org.pk]),
        procedure=Complaint.Procedure.STATUTORY,
        status=Complaint.Status.OPEN if open_ else Complaint.Status.CLOSED,
        outcome=outcome,
        summary="Complaint about the service received.",
        lgsco_status="decided" if lgsco < 0.01 else "referred" if lgsco < 0.02 else "none",
        lgsco_decision="upheld" if lgsco < 0.004 else "not_upheld" if lgsco < 0.01 else "",
    )


def complaints(run: Run) -> None:
    first_day = run.today - datetime.timedelta(days=365 * run.scale.complaint_years)
    span = (run.today - first_day).days
    ensure_years(range(first_day.year, run.today.year + 1))
    rows = (_complaint(run, n, first_day, span) for n in range(run.scale.complaints))
    run.timings["complaints"] = insert("complaints", Complaint, run.scale.complaints, rows, run.out)
    run.counts["complaints"] = run.scale.complaints

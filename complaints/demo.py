"""Demo complaints for the demo council: 2023/24 reproduces every figure the seed report quotes,
and 2022/23 gives the report a previous year to compare with.

The seed: "106 complaints received, with 21 upheld and 18 partially upheld (45%). The highest
category ... 'poor or lack of communication'. A 'delay in service' is the second highest ...
followed by 'staff conduct or behaviour'. Community support ... (48 out of the total of 106).
There was 1 complaint upheld from the Local Government Social Care Ombudsman."

The seed's "19 withdrawn or undecided" are 11 withdrawn and 8 with no outcome. Those 8 were
received last, in February and March 2024. Left open they would read today as "overdue by
two and a half years", which no council would have: the 2009 regulations want a response within
six months (regulation 14) unless the complainant agrees longer. So they are closed without a
decision, as happens when a complaint is not investigated (made more than 12 months after the
events, regulation 12; made on someone's behalf without their consent, regulation 5; or taken
on by another body, e.g. the NHS, regulation 9). They keep no outcome, so every figure of
2023/24 stays the seed's.

A few recent complaints, dated relative to today, make the list and the clock look alive: some
closed, some open within their agreed response date, two overdue by days. They are received
after 31 March 2024, so 2022/23 and 2023/24 never change; they are added only while the
organisation has no complaint received after the demo years.

Deterministic: every attribute comes from fixed counts spread over the rows by fixed
permutations (i -> i * k mod n, k coprime with n), so the figures never change. Idempotent:
complaints are keyed by reference, lists by name.
"""

from __future__ import annotations

import calendar
import datetime
import math
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from assessment.demo import DEMO_ORGANISATION
from assessment.models import Organisation
from complaints.bank_holidays import ensure_dates
from complaints.models import Complaint, ComplaintCategory, ServiceArea
from complaints.models.clock import financial_year_bounds, financial_year_of
from complaints.services import CLOCK_DATES

C = Complaint

CATEGORIES = [
    "Poor or lack of communication",
    "Delay in service",
    "Staff conduct or behaviour",
    "Quality of care",
    "Charging and financial assessment",
    "Assessment or care plan decision",
    "Other",
]
SERVICE_AREAS = [
    "Community support",
    "Hospital team",
    "Home first (reablement)",
    "Residential and nursing care",
    "Financial assessment",
    "Occupational therapy",
]
OFFICERS = ["Priya Shah", "Tom Ellis", "Grace Okafor", "Martin Hughes", "Aisha Rahman"]
UNDECIDED = ""


@dataclass(frozen=True)
class DemoYear:
    year: int
    # (value, count) lists; each sums to the year's total.
    outcomes: list[tuple[str, int]]
    categories: list[tuple[str, int]]
    service_areas: list[tuple[str, int]]
    relationships: list[tuple[str, int]]
    # (status, decision) for the first decided complaints referred to the Ombudsman.
    lgsco: list[tuple[str, str]]
    corporate: int
    # Complaints received in each month, April to March.
    months: list[int]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.outcomes)

    @property
    def prefix(self) -> str:
        return f"ASC-{self.year % 100:02d}{(self.year + 1) % 100:02d}-"


DEMO_YEARS = [
    DemoYear(
        year=2023,
        # 21 + 18 + 48 = 87 decided; 39 of 87 = 44.8% -> 45%. 11 withdrawn + 8 undecided = 19.
        outcomes=[
            (C.Outcome.UPHELD, 21),
            (C.Outcome.PARTLY_UPHELD, 18),
            (C.Outcome.NOT_UPHELD, 48),
            (C.Outcome.WITHDRAWN, 11),
            (UNDECIDED, 8),
        ],
        categories=list(zip(CATEGORIES, [32, 24, 17, 12, 10, 7, 4], strict=True)),
        service_areas=list(zip(SERVICE_AREAS, [48, 18, 14, 12, 9, 5], strict=True)),
        relationships=[
            (C.Relationship.FAMILY, 42),
            (C.Relationship.PERSON, 40),
            (C.Relationship.CARER, 12),
            (C.Relationship.ADVOCATE, 6),
            (C.Relationship.PROFESSIONAL, 4),
            (C.Relationship.OTHER, 2),
        ],
        lgsco=[
            (C.LgscoStatus.DECIDED, C.LgscoDecision.UPHELD),
            (C.LgscoStatus.DECIDED, C.LgscoDecision.NOT_UPHELD),
            (C.LgscoStatus.DECIDED, C.LgscoDecision.NOT_INVESTIGATED),
            (C.LgscoStatus.DECIDED, C.LgscoDecision.PREMATURE),
            (C.LgscoStatus.REFERRED, ""),
        ],
        corporate=9,
        months=[7, 9, 10, 8, 11, 9, 8, 10, 6, 10, 9, 9],
    ),
    DemoYear(
        year=2022,
        outcomes=[
            (C.Outcome.UPHELD, 17),
            (C.Outcome.PARTLY_UPHELD, 15),
            (C.Outcome.NOT_UPHELD, 52),
            (C.Outcome.WITHDRAWN, 10),
        ],
        categories=list(zip(CATEGORIES, [24, 26, 14, 12, 9, 6, 3], strict=True)),
        service_areas=list(zip(SERVICE_AREAS, [41, 16, 12, 12, 8, 5], strict=True)),
        relationships=[
            (C.Relationship.FAMILY, 38),
            (C.Relationship.PERSON, 36),
            (C.Relationship.CARER, 10),
            (C.Relationship.ADVOCATE, 5),
            (C.Relationship.PROFESSIONAL, 3),
            (C.Relationship.OTHER, 2),
        ],
        lgsco=[
            (C.LgscoStatus.DECIDED, C.LgscoDecision.UPHELD_NO_INJUSTICE),
            (C.LgscoStatus.DECIDED, C.LgscoDecision.NOT_UPHELD),
            (C.LgscoStatus.DECIDED, C.LgscoDecision.CLOSED_AFTER_ENQUIRIES),
        ],
        corporate=7,
        months=[8, 7, 9, 8, 9, 7, 8, 9, 6, 8, 7, 8],
    ),
]

# Why each 2023/24 complaint without an outcome was closed without a decision.
NOT_INVESTIGATED = [
    "Closed without a decision: made more than 12 months after the events (regulation 12).",
    "Closed without a decision: the person did not consent to the complaint being made on "
    "their behalf (regulation 5).",
    "Closed without a decision: passed to the NHS trust, which leads on it (regulation 9).",
]

# Recent complaints: (days before today received, status, outcome, category index, service
# area index, relationship, working days to acknowledge or None, days agreed to respond,
# days taken to respond or None).
RECENT = [
    (320, C.Status.CLOSED, C.Outcome.NOT_UPHELD, 0, 0, C.Relationship.FAMILY, 2, 28, 26),
    (280, C.Status.CLOSED, C.Outcome.UPHELD, 1, 0, C.Relationship.PERSON, 1, 28, 24),
    (200, C.Status.CLOSED, C.Outcome.NOT_UPHELD, 0, 2, C.Relationship.CARER, 3, 28, 30),
    (171, C.Status.CLOSED, C.Outcome.UPHELD, 1, 0, C.Relationship.FAMILY, 1, 28, 21),
    (150, C.Status.CLOSED, C.Outcome.PARTLY_UPHELD, 3, 3, C.Relationship.FAMILY, 2, 56, 45),
    (128, C.Status.CLOSED, C.Outcome.WITHDRAWN, 2, 1, C.Relationship.PERSON, 1, 28, None),
    (88, C.Status.RESPONDED, C.Outcome.UPHELD, 4, 4, C.Relationship.FAMILY, 5, 28, 27),
    (67, C.Status.RESPONDED, C.Outcome.PARTLY_UPHELD, 1, 0, C.Relationship.ADVOCATE, 2, 28, 33),
    (41, C.Status.OPEN, "", 0, 0, C.Relationship.FAMILY, 2, 28, None),  # overdue 13 days
    (34, C.Status.OPEN, "", 5, 5, C.Relationship.PERSON, 3, 28, None),  # overdue 6 days
    (26, C.Status.OPEN, "", 1, 1, C.Relationship.FAMILY, 1, 56, None),
    (19, C.Status.OPEN, "", 3, 3, C.Relationship.CARER, 2, 28, None),
    (11, C.Status.OPEN, "", 0, 0, C.Relationship.PERSON, 3, 28, None),
    (5, C.Status.OPEN, "", 2, 2, C.Relationship.PROFESSIONAL, 1, 28, None),
    (1, C.Status.OPEN, "", 6, 0, C.Relationship.FAMILY, None, 28, None),  # not acknowledged yet
]

# Working days to acknowledge, cycled: 8 of 10 within the statutory 3.
ACK_WORKING_DAYS = [1, 2, 3, 1, 2, 5, 2, 1, 3, 4]


def _expand(counts: list[tuple[str, int]], step: int) -> list[str]:
    """The values, each repeated its count, spread over the rows by i -> i * k mod n, k the
    first number from `step` coprime with n (so that every value keeps its count)."""
    flat = [value for value, n in counts for _ in range(n)]
    n = len(flat)
    step = next(k for k in range(step, step + n) if math.gcd(k, n) == 1)
    return [flat[(i * step) % n] for i in range(n)]


def _received_dates(spec: DemoYear) -> list[datetime.date]:
    """Each month's complaints spread evenly over its days, in date order."""
    dates = []
    for index, count in enumerate(spec.months):
        month = (index + 3) % 12 + 1
        year = spec.year if month >= 4 else spec.year + 1
        days = calendar.monthrange(year, month)[1]
        dates += [datetime.date(year, month, 1 + (k * days) // count) for k in range(count)]
    return dates


def _add_working_days(date: datetime.date, days: int) -> datetime.date:
    while days:
        date += datetime.timedelta(days=1)
        if date.isoweekday() <= 5:
            days -= 1
    return date


def _demo_complaint(organisation, spec: DemoYear, i: int, received, outcome, decided) -> Complaint:
    """The i-th complaint of the year: its reference, clock dates, procedure and status."""
    return Complaint(
        organisation=organisation,
        reference=f"{spec.prefix}{i + 1:03d}",
        date_received=received,
        date_acknowledged=_add_working_days(received, ACK_WORKING_DAYS[i % 10]),
        response_due=received + datetime.timedelta(days=56 if i % 7 == 0 else 28),
        date_responded=(
            received + datetime.timedelta(days=12 + (i * 17) % 41) if decided else None
        ),
        procedure=C.Procedure.CORPORATE
        if i % 12 == 6 and i // 12 < spec.corporate
        else C.Procedure.STATUTORY,
        investigating_officer=OFFICERS[i % len(OFFICERS)],
        status=(C.Status.RESPONDED if i % 5 == 0 and decided else C.Status.CLOSED),
        outcome=outcome,
    )


def _summary(category: str, area: str, outcome: str, i: int) -> str:
    summary = f"{category} ({area.lower()}): concerns raised by the complainant."
    if outcome == UNDECIDED:
        summary += f" {NOT_INVESTIGATED[i % len(NOT_INVESTIGATED)]}"
    return summary


def _year_complaints(
    organisation: Organisation,
    spec: DemoYear,
    categories: dict[str, ComplaintCategory],
    areas: dict[str, ServiceArea],
) -> list[Complaint]:
    n = spec.total
    received_dates = _received_dates(spec)
    assert len(received_dates) == n, "the months add up to the year's total"
    undecided = dict(spec.outcomes).get(UNDECIDED, 0)
    # The undecided complaints are the last ones received in the year.
    outcomes = _expand([o for o in spec.outcomes if o[0] != UNDECIDED], 7) + [UNDECIDED] * (
        undecided
    )
    category_names = _expand(spec.categories, 11)
    area_names = _expand(spec.service_areas, 13)
    relationships = _expand(spec.relationships, 5)
    lgsco = list(spec.lgsco)
    complaints = []
    for i in range(n):
        outcome = outcomes[i]
        decided = outcome in (C.Outcome.UPHELD, C.Outcome.PARTLY_UPHELD, C.Outcome.NOT_UPHELD)
        lgsco_status, lgsco_decision = (
            lgsco.pop(0) if decided and lgsco and i % 9 == 4 else (C.LgscoStatus.NONE, "")
        )
        complaint = _demo_complaint(organisation, spec, i, received_dates[i], outcome, decided)
        complaint.relationship = relationships[i]
        complaint.category = categories[category_names[i]]
        complaint.service_area = areas[area_names[i]]
        complaint.summary = _summary(category_names[i], area_names[i], outcome, i)
        complaint.learning = (
            f"Share the learning on {category_names[i].lower()} with the "
            f"{area_names[i].lower()} team."
            if outcome in (C.Outcome.UPHELD, C.Outcome.PARTLY_UPHELD)
            else ""
        )
        complaint.lgsco_status, complaint.lgsco_decision = lgsco_status, lgsco_decision
        complaints.append(complaint)
    assert not lgsco, "every Ombudsman referral of the spec found a decided complaint"
    return complaints


def _recent_complaints(
    organisation: Organisation,
    today: datetime.date,
    categories: dict[str, ComplaintCategory],
    areas: dict[str, ServiceArea],
) -> list[Complaint]:
    """RECENT, dated back from `today`; none received on or before the last demo year's end."""
    last_demo_day = financial_year_bounds(max(spec.year for spec in DEMO_YEARS))[1]
    numbers: dict[int, int] = {}
    complaints = []
    for days_ago, status, outcome, cat, area, relationship, ack, due, took in RECENT:
        received = today - datetime.timedelta(days=days_ago)
        if received <= last_demo_day:
            continue
        year = financial_year_of(received)
        numbers[year] = numbers.get(year, 0) + 1
        category, area_name = CATEGORIES[cat], SERVICE_AREAS[area]
        acknowledged = None if ack is None else _add_working_days(received, ack)
        complaints.append(
            Complaint(
                organisation=organisation,
                reference=f"ASC-{year % 100:02d}{(year + 1) % 100:02d}-{numbers[year]:03d}",
                date_received=received,
                date_acknowledged=acknowledged if acknowledged and acknowledged <= today else None,
                response_due=received + datetime.timedelta(days=due),
                date_responded=None if took is None else received + datetime.timedelta(days=took),
                relationship=relationship,
                category=categories[category],
                service_area=areas[area_name],
                investigating_officer=OFFICERS[days_ago % len(OFFICERS)],
                status=status,
                outcome=outcome,
                summary=f"{category} ({area_name.lower()}): concerns raised by the complainant.",
                learning=(
                    f"Share the learning on {category.lower()} with the {area_name.lower()} team."
                    if outcome in (C.Outcome.UPHELD, C.Outcome.PARTLY_UPHELD)
                    else ""
                ),
            )
        )
    return complaints


def _lists(organisation) -> tuple[dict[str, ComplaintCategory], dict[str, ServiceArea]]:
    """The organisation's demo categories and service areas, by name (made when missing)."""
    categories = {
        name: ComplaintCategory.objects.get_or_create(organisation=organisation, name=name)[0]
        for name in CATEGORIES
    }
    areas = {
        name: ServiceArea.objects.get_or_create(organisation=organisation, name=name)[0]
        for name in SERVICE_AREAS
    }
    return categories, areas


def _save(new: list[Complaint]) -> int:
    for complaint in new:
        complaint.full_clean(validate_unique=False, validate_constraints=False)
    ensure_dates(getattr(c, field) for c in new for field in CLOCK_DATES)
    bulk_create_with_history(new, Complaint, batch_size=500)
    return len(new)


@transaction.atomic
def load_second_council_complaints(organisation, today: datetime.date | None = None) -> int:
    """The second demo council's categories, service areas and a few recent complaints of its
    own (RECENT, dated back from today), once: what the first council's users never see."""
    categories, areas = _lists(organisation)
    if organisation.complaints.exists():
        return 0
    return _save(_recent_complaints(organisation, today or timezone.localdate(), categories, areas))


@transaction.atomic
def load_demo_complaints(
    organisation_name: str = DEMO_ORGANISATION, today: datetime.date | None = None
) -> int:
    """Create the demo council's complaints (and its categories and service areas) that do not
    exist yet; returns how many complaints were created. Running it again creates nothing.

    The recent complaints are dated back from `today` (default: today) and added only while the
    organisation has no complaint received after the demo years."""
    today = today or timezone.localdate()
    organisation, _ = Organisation.objects.get_or_create(
        name=organisation_name, defaults={"kind": Organisation.Kind.LOCAL_AUTHORITY}
    )
    categories, areas = _lists(organisation)
    existing = set(organisation.complaints.values_list("reference", flat=True))
    new = [
        complaint
        for spec in DEMO_YEARS
        for complaint in _year_complaints(organisation, spec, categories, areas)
        if complaint.reference not in existing
    ]
    last_demo_day = financial_year_bounds(max(spec.year for spec in DEMO_YEARS))[1]
    if not organisation.complaints.filter(date_received__gt=last_demo_day).exists():
        new += [
            complaint
            for complaint in _recent_complaints(organisation, today, categories, areas)
            if complaint.reference not in existing
        ]
    return _save(new)

"""Demo complaints for the demo council: 2023/24 reproduces every figure the seed report quotes,
and 2022/23 gives the report a previous year to compare with.

The seed: "106 complaints received, with 21 upheld and 18 partially upheld (45%). The highest
category ... 'poor or lack of communication'. A 'delay in service' is the second highest ...
followed by 'staff conduct or behaviour'. Community support ... (48 out of the total of 106).
There was 1 complaint upheld from the Local Government Social Care Ombudsman."

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
from simple_history.utils import bulk_create_with_history

from assessment.demo import DEMO_ORGANISATION
from assessment.models import Organisation
from findings.models import Complaint, ComplaintCategory, ServiceArea

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
        received = received_dates[i]
        outcome = outcomes[i]
        decided = outcome in (C.Outcome.UPHELD, C.Outcome.PARTLY_UPHELD, C.Outcome.NOT_UPHELD)
        lgsco_status, lgsco_decision = (
            lgsco.pop(0) if decided and lgsco and i % 9 == 4 else (C.LgscoStatus.NONE, "")
        )
        category, area = category_names[i], area_names[i]
        complaints.append(
            Complaint(
                organisation=organisation,
                reference=f"{spec.prefix}{i + 1:03d}",
                date_received=received,
                date_acknowledged=_add_working_days(received, ACK_WORKING_DAYS[i % 10]),
                response_due=received + datetime.timedelta(days=56 if i % 7 == 0 else 28),
                date_responded=(
                    received + datetime.timedelta(days=12 + (i * 17) % 41) if decided else None
                ),
                relationship=relationships[i],
                category=categories[category],
                service_area=areas[area],
                procedure=C.Procedure.CORPORATE
                if i % 12 == 6 and i // 12 < spec.corporate
                else C.Procedure.STATUTORY,
                investigating_officer=OFFICERS[i % len(OFFICERS)],
                status=(
                    C.Status.OPEN
                    if outcome == UNDECIDED
                    else C.Status.RESPONDED
                    if i % 5 == 0 and decided
                    else C.Status.CLOSED
                ),
                outcome=outcome,
                summary=f"{category} ({area.lower()}): concerns raised by the complainant.",
                learning=(
                    f"Share the learning on {category.lower()} with the {area.lower()} team."
                    if outcome in (C.Outcome.UPHELD, C.Outcome.PARTLY_UPHELD)
                    else ""
                ),
                lgsco_status=lgsco_status,
                lgsco_decision=lgsco_decision,
            )
        )
    assert not lgsco, "every Ombudsman referral of the spec found a decided complaint"
    return complaints


@transaction.atomic
def load_demo_complaints(organisation_name: str = DEMO_ORGANISATION) -> int:
    """Create the demo council's complaints (and its categories and service areas) that do not
    exist yet; returns how many complaints were created. Running it again creates nothing."""
    organisation, _ = Organisation.objects.get_or_create(
        name=organisation_name, defaults={"kind": Organisation.Kind.LOCAL_AUTHORITY}
    )
    categories = {
        name: ComplaintCategory.objects.get_or_create(organisation=organisation, name=name)[0]
        for name in CATEGORIES
    }
    areas = {
        name: ServiceArea.objects.get_or_create(organisation=organisation, name=name)[0]
        for name in SERVICE_AREAS
    }
    existing = set(organisation.complaints.values_list("reference", flat=True))
    new = [
        complaint
        for spec in DEMO_YEARS
        for complaint in _year_complaints(organisation, spec, categories, areas)
        if complaint.reference not in existing
    ]
    for complaint in new:
        complaint.full_clean(validate_unique=False, validate_constraints=False)
    bulk_create_with_history(new, Complaint, batch_size=500)
    return len(new)

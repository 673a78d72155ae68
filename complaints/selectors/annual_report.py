"""The annual complaints report, counted by the database.

Every count, share, ranking and median is computed by the database (conditional aggregates,
window ranks, ORDER BY ... OFFSET), one query per table of the report, whatever the number of
complaints. Python only arranges the rows the database returns.

Percentages are whole percents rounded half up (39/87 = 44.8% -> 45%; 1/8 = 12.5% -> 13%), done
in integer arithmetic in SQL: (200 * part + whole) / (2 * whole), integer division.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Avg,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    Window,
)
from django.db.models.functions import Cast, ExtractMonth, NullIf, Rank
from django.utils import timezone

from assessment.models import Organisation
from complaints.models import Complaint
from complaints.models.clock import DaysBetween, financial_year_bounds, financial_year_of
from complaints.selectors.figures import AnnualReport, Figure, MonthRow, RankedRow

NOT_RECORDED = "Not recorded"
DECIDED_OUTCOMES = [
    Complaint.Outcome.UPHELD,
    Complaint.Outcome.PARTLY_UPHELD,
    Complaint.Outcome.NOT_UPHELD,
]
# Financial-year order of the calendar months.
FISCAL_MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


def percent_expression(part, whole):
    """part / whole as a whole percent rounded half up, in SQL; NULL when whole is 0."""
    return ExpressionWrapper(
        (part * 200 + whole) / (NullIf(whole, 0) * 2), output_field=IntegerField()
    )


def _period_q(year: int) -> Q:
    return Q(date_received__range=financial_year_bounds(year))


def _scalar_figures(base, year: int, today: datetime.date) -> dict[str, int | None]:
    """Every single-number figure, for the year (suffix _c) and the year before (_p): 1 query."""
    aggregates = {}
    for suffix, period in (("c", _period_q(year)), ("p", _period_q(year - 1))):

        def count(condition=None, period=period):
            return Count("pk", filter=period & condition if condition is not None else period)

        received = count()
        decided = count(Q(outcome__in=DECIDED_OUTCOMES))
        upheld_or_partly = count(
            Q(outcome__in=[Complaint.Outcome.UPHELD, Complaint.Outcome.PARTLY_UPHELD])
        )
        on_time = count(Q(acknowledged_on_time=True))
        aggregates |= {
            f"received_{suffix}": received,
            f"decided_{suffix}": decided,
            f"upheld_or_partly_{suffix}": upheld_or_partly,
            f"upheld_or_partly_percent_{suffix}": percent_expression(upheld_or_partly, decided),
            f"undecided_{suffix}": count(Q(outcome="")),
            f"closed_undecided_{suffix}": count(Q(outcome="", status=Complaint.Status.CLOSED)),
            # Not decided because not finished: counted apart from "closed without a decision".
            f"awaiting_{suffix}": count(Q(outcome="") & ~Q(status=Complaint.Status.CLOSED)),
            f"on_time_{suffix}": on_time,
            f"on_time_percent_{suffix}": percent_expression(on_time, received),
            f"responded_{suffix}": count(Q(date_responded__isnull=False)),
            f"open_{suffix}": count(Q(status=Complaint.Status.OPEN)),
            f"overdue_{suffix}": count(Q(status=Complaint.Status.OPEN, response_due__lt=today)),
            f"referred_{suffix}": count(~Q(lgsco_status=Complaint.LgscoStatus.NONE)),
            f"lgsco_decided_{suffix}": count(Q(lgsco_status=Complaint.LgscoStatus.DECIDED)),
        }
        for value in Complaint.Outcome.values:
            aggregates[f"outcome_{value}_{suffix}"] = count(Q(outcome=value))
        for value in Complaint.Procedure.values:
            aggregates[f"procedure_{value}_{suffix}"] = count(Q(procedure=value))
        for value in Complaint.LgscoDecision.values:
            aggregates[f"lgsco_{value}_{suffix}"] = count(
                Q(lgsco_status=Complaint.LgscoStatus.DECIDED, lgsco_decision=value)
            )
    # Count over a subquery that works the acknowledgement clock out once per row. As a plain
    # aggregate, Django would write the whole working-days expression into every count that
    # uses it: an 18 kB statement that took longer to compile and plan than to run.
    # (.distinct(), harmless with the primary key selected, is what makes it a subquery.)
    rows = base.with_clock(today).values(
        "pk",
        "date_received",
        "outcome",
        "status",
        "date_responded",
        "response_due",
        "lgsco_status",
        "lgsco_decision",
        "procedure",
        "acknowledged_on_time",
    )
    return rows.distinct().aggregate(**aggregates)


def _ranked_rows(
    base, key: str, group_by: str, year: int, received: dict[str, int], labeller
) -> list[RankedRow]:
    """Counts per `key` (labelled by labeller(`group_by`)) for both years, ranked by the year's
    count (1 query)."""
    current = Count("pk", filter=_period_q(year))
    previous = Count("pk", filter=_period_q(year - 1))

    def share(count, whole):
        return percent_expression(count, Value(whole)) if whole else Value(None, IntegerField())

    rows = (
        base.order_by()
        .values(key, group_by)
        .annotate(
            current=current,
            previous=previous,
            current_percent=share(current, received["c"]),
            previous_percent=share(previous, received["p"]),
            rank=Window(Rank(), order_by=current.desc()),
        )
        .order_by("-current", "-previous", F(group_by).asc(nulls_last=True))
        .values_list(
            "rank", key, group_by, "current", "current_percent", "previous", "previous_percent"
        )
    )
    # Only what happened this year is ranked: a category with none this year (listed for the
    # year before) has no rank, rather than sharing "1" when the year has no complaints yet.
    return [
        RankedRow(
            rank if current else None,
            labeller(value),
            current,
            current_pc,
            previous,
            previous_pc,
            key_value,
        )
        for rank, key_value, value, current, current_pc, previous, previous_pc in rows
    ]


def _median_days_to_respond(base, year: int, responded: int) -> float | None:
    """The median of calendar days from receipt to response: the middle row (or the average of
    the two middle rows) by ORDER BY ... OFFSET, in the database. 1 query, even with no
    responses (then no rows and no median): the page's queries do not depend on the data."""
    middle = (
        base.filter(_period_q(year), date_responded__isnull=False)
        .annotate(days=DaysBetween(F("date_received"), F("date_responded")))
        .order_by("days", "pk")
        .values("days")[max(responded - 1, 0) // 2 : responded // 2 + 1]
    )
    median = middle.aggregate(median=Avg("days"))["median"]
    # PostgreSQL averages to a Decimal("32.0000000000000000"): a plain number of days.
    return None if median is None else round(float(median), 1)


def _single_figures(s: dict[str, int | None]) -> dict[str, Figure | list[Figure]]:
    """The report's single-number figures (all but the median), from _scalar_figures' values."""

    def fig(label, key, unit=""):
        return Figure(label, s[f"{key}_c"], s[f"{key}_p"], unit)

    return {
        "received": fig("Received", "received"),
        "outcomes": [
            *(fig(label, f"outcome_{value}") for value, label in Complaint.Outcome.choices),
            fig("Closed without a decision", "closed_undecided"),
            fig("Still open: no outcome yet", "awaiting"),
        ],
        "decided": fig("Decided (upheld, partly upheld or not upheld)", "decided"),
        "upheld_or_partly": fig("Upheld or partly upheld", "upheld_or_partly"),
        "upheld_or_partly_percent": fig(
            "Upheld or partly upheld, of those decided", "upheld_or_partly_percent", "%"
        ),
        # Finished without a decision; complaints still open are not "undecided" but not yet
        # decided, and are counted apart (awaiting_decision).
        "withdrawn_or_undecided": Figure(
            "Withdrawn or closed without a decision",
            s["outcome_withdrawn_c"] + s["closed_undecided_c"],
            s["outcome_withdrawn_p"] + s["closed_undecided_p"],
        ),
        "closed_without_decision": fig("Closed without a decision", "closed_undecided"),
        "awaiting_decision": fig("Still open: no outcome yet", "awaiting"),
        "acknowledged_on_time": fig("Acknowledged within 3 working days", "on_time"),
        "acknowledged_on_time_percent": fig(
            "Acknowledged within 3 working days, of those received", "on_time_percent", "%"
        ),
        "responded": fig("Responded to", "responded"),
        "still_open": fig("Still open", "open"),
        "overdue": fig("Open past the agreed response date", "overdue"),
        "procedures": [
            fig(f"{label} procedure", f"procedure_{value}")
            for value, label in Complaint.Procedure.choices
        ],
        "lgsco": [
            fig("Referred to the Ombudsman (LGSCO)", "referred"),
            fig("Decided by the Ombudsman", "lgsco_decided"),
        ],
        "lgsco_decisions": [
            fig(label, f"lgsco_{value}") for value, label in Complaint.LgscoDecision.choices
        ],
    }


def _month_rows(base, year: int, today: datetime.date) -> list[MonthRow]:
    """Complaints received in each month of the year and of the year before (1 query); a year
    not over yet has only its months so far (a month to come is not a month of none)."""
    counts = {
        month: (current, previous)
        for month, current, previous in base.order_by()
        .annotate(month=Cast(ExtractMonth("date_received"), IntegerField()))
        .values("month")
        .annotate(current=Count("pk", filter=_period_q(year)))
        .annotate(previous=Count("pk", filter=_period_q(year - 1)))
        .values_list("month", "current", "previous")
    }
    firsts = [datetime.date(year if month >= 4 else year + 1, month, 1) for month in FISCAL_MONTHS]
    return [MonthRow(first, *counts.get(first.month, (0, 0))) for first in firsts if first <= today]


def annual_report(
    organisation: Organisation, year: int, today: datetime.date | None = None
) -> AnnualReport:
    """The annual complaints report for financial year `year` (1 April to 31 March) beside the
    year before, in 7 queries whatever the number of complaints."""
    today = today or timezone.localdate()
    base = Complaint.objects.filter(
        organisation=organisation,
        date_received__range=(
            financial_year_bounds(year - 1)[0],
            financial_year_bounds(year)[1],
        ),
    )
    s = _scalar_figures(base, year, today)
    received = {"c": s["received_c"], "p": s["received_p"]}

    def ranked(key, group_by, labeller):
        return _ranked_rows(base, key, group_by, year, received, labeller)

    relationship_labels = dict(Complaint.Relationship.choices)
    return AnnualReport(
        organisation=organisation,
        year=year,
        **_single_figures(s),
        median_days_to_respond=Figure(
            "Median days to respond",
            _median_days_to_respond(base, year, s["responded_c"]),
            _median_days_to_respond(base, year - 1, s["responded_p"]),
            " days",
        ),
        categories=ranked("category", "category__name", lambda name: name or NOT_RECORDED),
        service_areas=ranked(
            "service_area", "service_area__name", lambda name: name or NOT_RECORDED
        ),
        relationships=ranked(
            "relationship", "relationship", lambda value: relationship_labels.get(value, value)
        ),
        months=_month_rows(base, year, today),
        today=today,
    )


def default_report_year(years: list[int], today: datetime.date | None = None) -> int:
    """The year the report opens on, given the organisation's years with complaints (newest
    first): the latest that is over, for a year under way has only part of its figures; the
    year under way when it is the only one; the current year when there are none."""
    today = today or timezone.localdate()
    complete = [year for year in years if financial_year_bounds(year)[1] < today]
    if complete:
        return complete[0]
    return years[0] if years else financial_year_of(today)


def latest_financial_year(organisation: Organisation) -> int | None:
    """The newest financial year with a complaint for the organisation (1 query)."""
    return Complaint.objects.filter(organisation=organisation).financial_years().first()

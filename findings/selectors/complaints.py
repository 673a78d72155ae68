"""Reads of complaints: the annual complaints report and the complaint history.

Every count, share, ranking and median is computed by the database (conditional aggregates,
window ranks, ORDER BY ... OFFSET), one query per table of the report, whatever the number of
complaints. Python only arranges the rows the database returns.

Percentages are whole percents rounded half up (39/87 = 44.8% -> 45%; 1/8 = 12.5% -> 13%), done
in integer arithmetic in SQL: (200 * part + whole) / (2 * whole), integer division.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

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
from core import history
from findings.models import Complaint
from findings.models.complaints import (
    DaysBetween,
    financial_year_bounds,
    financial_year_label,
)

NOT_RECORDED = "Not recorded"
DECIDED_OUTCOMES = [
    Complaint.Outcome.UPHELD,
    Complaint.Outcome.PARTLY_UPHELD,
    Complaint.Outcome.NOT_UPHELD,
]
# Financial-year order of the calendar months.
FISCAL_MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


MINUS = "\u2212"  # a real minus sign: "−2", not a hyphen


def format_number(value: int | float) -> str:
    """32 and 32.0 as "32", 32.5 as "32.5" (one decimal at most)."""
    value = round(float(value), 1)
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def format_change(value: int | float | None, unit: str = "") -> str:
    """A change between two years in words: counts "+7" / "−2"; percentages in points
    ("+7 points", "−1 point"), since 40% to 47% is 7 points, not 7%; days "+3 days"."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    number = format_number(abs(value))
    one = number == "1"
    if unit == "%":
        return f"{sign}{number} point{'' if one else 's'}"
    if unit.strip() == "days":
        return f"{sign}{number} day{'' if one else 's'}"
    return f"{sign}{number}"


def percent_expression(part, whole):
    """part / whole as a whole percent rounded half up, in SQL; NULL when whole is 0."""
    return ExpressionWrapper(
        (part * 200 + whole) / (NullIf(whole, 0) * 2), output_field=IntegerField()
    )


@dataclass(frozen=True)
class Figure:
    """One figure of the report for the year and the year before."""

    label: str
    current: int | float | None
    previous: int | float | None
    unit: str = ""

    @property
    def change(self) -> int | float | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def change_text(self) -> str:
        return format_change(self.change, self.unit)

    @property
    def current_text(self) -> str:
        return "—" if self.current is None else format_number(self.current) + self.unit

    @property
    def previous_text(self) -> str:
        return "—" if self.previous is None else format_number(self.previous) + self.unit


@dataclass(frozen=True)
class RankedRow:
    rank: int
    label: str
    current: int
    current_percent: int | None
    previous: int
    previous_percent: int | None
    # What the complaints list filters on (a category or service area id, or a choice value);
    # None for "not recorded".
    key: int | str | None = None

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def change_text(self) -> str:
        return format_change(self.change)


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date  # first day of the month in the report's year
    current: int
    previous: int


@dataclass
class AnnualReport:
    organisation: Organisation
    year: int
    received: Figure
    outcomes: list[Figure]
    decided: Figure
    upheld_or_partly: Figure
    upheld_or_partly_percent: Figure
    withdrawn_or_undecided: Figure
    closed_without_decision: Figure
    acknowledged_on_time: Figure
    acknowledged_on_time_percent: Figure
    responded: Figure
    median_days_to_respond: Figure
    still_open: Figure
    overdue: Figure
    procedures: list[Figure]
    lgsco: list[Figure]
    lgsco_decisions: list[Figure]
    categories: list[RankedRow] = field(default_factory=list)
    service_areas: list[RankedRow] = field(default_factory=list)
    relationships: list[RankedRow] = field(default_factory=list)
    months: list[MonthRow] = field(default_factory=list)
    today: datetime.date | None = None

    @property
    def in_progress(self) -> bool:
        """The year has not ended yet: its figures are so far."""
        return self.today is not None and self.today <= self.end

    @property
    def outcome_withdrawn(self) -> Figure:
        return self.outcome(Complaint.Outcome.WITHDRAWN)

    @property
    def no_outcome(self) -> Figure:
        return self.outcome("")

    @property
    def label(self) -> str:
        return financial_year_label(self.year)

    @property
    def previous_label(self) -> str:
        return financial_year_label(self.year - 1)

    @property
    def start(self) -> datetime.date:
        return financial_year_bounds(self.year)[0]

    @property
    def end(self) -> datetime.date:
        return financial_year_bounds(self.year)[1]

    def outcome(self, value: str) -> Figure:
        return self._outcomes_by_value[value]

    def __post_init__(self):
        self._outcomes_by_value = dict(
            zip([*Complaint.Outcome.values, ""], self.outcomes, strict=True)
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


def _ranked(base, key: str, group_by: str, year: int, received: dict[str, int]) -> list[tuple]:
    """Counts per `key` (labelled by `group_by`) for both years, ranked by the year's count
    (1 query)."""
    current = Count("pk", filter=_period_q(year))
    previous = Count("pk", filter=_period_q(year - 1))

    def share(count, whole):
        return percent_expression(count, Value(whole)) if whole else Value(None, IntegerField())

    return list(
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

    def fig(label, key, unit=""):
        return Figure(label, s[f"{key}_c"], s[f"{key}_p"], unit)

    received = {"c": s["received_c"], "p": s["received_p"]}

    def ranked_rows(key, group_by, labeller):
        return [
            RankedRow(rank, labeller(value), cur, cur_pc, prev, prev_pc, key_value)
            for rank, key_value, value, cur, cur_pc, prev, prev_pc in _ranked(
                base, key, group_by, year, received
            )
        ]

    relationship_labels = dict(Complaint.Relationship.choices)
    month_counts = {
        month: (current, previous)
        for month, current, previous in base.order_by()
        .annotate(month=Cast(ExtractMonth("date_received"), IntegerField()))
        .values("month")
        .annotate(current=Count("pk", filter=_period_q(year)))
        .annotate(previous=Count("pk", filter=_period_q(year - 1)))
        .values_list("month", "current", "previous")
    }
    return AnnualReport(
        organisation=organisation,
        year=year,
        received=fig("Received", "received"),
        outcomes=[
            *(fig(label, f"outcome_{value}") for value, label in Complaint.Outcome.choices),
            fig("No outcome", "undecided"),
        ],
        decided=fig("Decided (upheld, partly upheld or not upheld)", "decided"),
        upheld_or_partly=fig("Upheld or partly upheld", "upheld_or_partly"),
        upheld_or_partly_percent=fig(
            "Upheld or partly upheld, of those decided", "upheld_or_partly_percent", "%"
        ),
        withdrawn_or_undecided=Figure(
            "Withdrawn or undecided",
            s["outcome_withdrawn_c"] + s["undecided_c"],
            s["outcome_withdrawn_p"] + s["undecided_p"],
        ),
        closed_without_decision=fig("No outcome: closed without a decision", "closed_undecided"),
        acknowledged_on_time=fig("Acknowledged within 3 working days", "on_time"),
        acknowledged_on_time_percent=fig(
            "Acknowledged within 3 working days, of those received", "on_time_percent", "%"
        ),
        responded=fig("Responded to", "responded"),
        median_days_to_respond=Figure(
            "Median days to respond",
            _median_days_to_respond(base, year, s["responded_c"]),
            _median_days_to_respond(base, year - 1, s["responded_p"]),
            " days",
        ),
        still_open=fig("Still open", "open"),
        overdue=fig("Open past the agreed response date", "overdue"),
        procedures=[
            fig(f"{label} procedure", f"procedure_{value}")
            for value, label in Complaint.Procedure.choices
        ],
        lgsco=[
            fig("Referred to the Ombudsman (LGSCO)", "referred"),
            fig("Decided by the Ombudsman", "lgsco_decided"),
        ],
        lgsco_decisions=[
            fig(label, f"lgsco_{value}") for value, label in Complaint.LgscoDecision.choices
        ],
        categories=ranked_rows("category", "category__name", lambda name: name or NOT_RECORDED),
        service_areas=ranked_rows(
            "service_area", "service_area__name", lambda name: name or NOT_RECORDED
        ),
        relationships=ranked_rows(
            "relationship", "relationship", lambda value: relationship_labels.get(value, value)
        ),
        months=[
            MonthRow(
                datetime.date(year if month >= 4 else year + 1, month, 1),
                *month_counts.get(month, (0, 0)),
            )
            for month in FISCAL_MONTHS
        ],
        today=today,
    )


def latest_financial_year(organisation: Organisation) -> int | None:
    """The newest financial year with a complaint for the organisation (1 query)."""
    return Complaint.objects.filter(organisation=organisation).financial_years().first()


def complaint_changes(complaint: Complaint, limit: int = 50) -> list[history.Change]:
    """The complaint's history, newest first, each entry with the fields it changed (one query,
    see assessment.history)."""
    return history.changes(
        complaint.history.all(),
        exclude=("id", "created_at", "updated_at", "organisation"),
        related=("category", "service_area"),
        limit=limit,
    )

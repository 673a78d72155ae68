"""The annual report's figures as the pages and the command show them: each for the year and
the year before, with the change between them in words."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from assessment.models import Organisation
from complaints.models import Complaint
from complaints.models.clock import financial_year_bounds, financial_year_label

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
    rank: int | None  # None: none this year (listed for the year before), so not ranked
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
    awaiting_decision: Figure
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
        """The year is under way: its figures are so far."""
        return self.today is not None and self.start <= self.today <= self.end

    @property
    def outcome_withdrawn(self) -> Figure:
        return self.outcome(Complaint.Outcome.WITHDRAWN)

    @property
    def label(self) -> str:
        """ "2023/24"; a year under way "2026/27 year to date", wherever it is printed."""
        label = financial_year_label(self.year)
        return f"{label} year to date" if self.in_progress else label

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
        # The outcomes, then the two kinds of no outcome: "closed" (closed without a decision)
        # and "open" (still open, no outcome yet).
        self._outcomes_by_value = dict(
            zip([*Complaint.Outcome.values, "closed", "open"], self.outcomes, strict=True)
        )

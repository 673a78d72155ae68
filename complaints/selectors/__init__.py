"""Reads of complaints: the annual complaints report (figures.py: what it shows; annual_report.py:
how the database counts it) and a complaint's history (changes.py)."""

from complaints.selectors.annual_report import (
    DECIDED_OUTCOMES,
    NOT_RECORDED,
    annual_report,
    default_report_year,
    latest_financial_year,
    percent_expression,
)
from complaints.selectors.changes import complaint_changes
from complaints.selectors.figures import (
    AnnualReport,
    Figure,
    MonthRow,
    RankedRow,
    format_change,
    format_number,
)

__all__ = [
    "DECIDED_OUTCOMES",
    "NOT_RECORDED",
    "AnnualReport",
    "Figure",
    "MonthRow",
    "RankedRow",
    "annual_report",
    "complaint_changes",
    "default_report_year",
    "format_change",
    "format_number",
    "latest_financial_year",
    "percent_expression",
]

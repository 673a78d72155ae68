"""Import complaints from CSV or XLSX (what council complaint systems export).

All or nothing: every row is checked first; if any row is wrong, every problem is reported (row
number as the spreadsheet shows it, column, reason) and nothing is saved.

Columns (first row; names are matched ignoring case, spaces and underscores):
reference*, date_received*, date_acknowledged, response_due (or "agreed response date"),
date_responded, relationship, service_area, category, procedure, investigating_officer, status,
outcome, summary, learning, lgsco_status, lgsco_decision. (* required)
The extra columns of the CSV export (organisation and the computed clock) are ignored, so an
exported file can be edited and imported again with update_existing.
Dates: YYYY-MM-DD or DD/MM/YYYY (or real dates in Excel). Choices: the value or its label, any
case ("Partly upheld" or "partly_upheld").
"""

from complaints.importer.reading import (
    COLUMNS,
    IMPORT_COMMAND,
    ComplaintImportError,
    RowError,
    parse_date,
    read_rows,
    too_many_rows_message,
)
from complaints.importer.saving import ImportResult, import_complaints

__all__ = [
    "COLUMNS",
    "IMPORT_COMMAND",
    "ComplaintImportError",
    "ImportResult",
    "RowError",
    "import_complaints",
    "parse_date",
    "read_rows",
    "too_many_rows_message",
]

"""Reading a complaints file: its columns, rows and cells, typed, with every problem found in a
single cell (row number as the spreadsheet shows it, column, reason). Whole-record checks and
saving: complaints.importer.saving.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError

from complaints.models import Complaint
from core.exports import looks_like_formula
from core.uploads import archive_names, text_lines

REQUIRED = ["reference", "date_received"]
DATE_COLUMNS = ["date_received", "date_acknowledged", "response_due", "date_responded"]
CHOICE_COLUMNS = {
    "relationship": Complaint.Relationship,
    "procedure": Complaint.Procedure,
    "status": Complaint.Status,
    "outcome": Complaint.Outcome,
    "lgsco_status": Complaint.LgscoStatus,
    "lgsco_decision": Complaint.LgscoDecision,
}
TEXT_COLUMNS = ["reference", "investigating_officer", "summary", "learning"]
COLUMNS = [
    "reference",
    "date_received",
    "date_acknowledged",
    "response_due",
    "date_responded",
    "relationship",
    "service_area",
    "category",
    "procedure",
    "investigating_officer",
    "status",
    "outcome",
    "summary",
    "learning",
    "lgsco_status",
    "lgsco_decision",
]
# Written by the CSV export, ignored on import (the organisation is chosen on import).
EXPORT_ONLY_COLUMNS = [
    "organisation",
    "financial_year",
    "ack_working_days",
    "acknowledged_on_time",
    "days_to_respond",
    "overdue",
]
ALIASES = {
    "agreedresponsedate": "response_due",
    "responsedue": "response_due",
    "servicearea": "service_area",
    "investigatingofficer": "investigating_officer",
    "lgscostatus": "lgsco_status",
    "lgscoreferral": "lgsco_status",
    "lgscodecision": "lgsco_decision",
    "learningidentified": "learning",
    "datereceived": "date_received",
    "dateacknowledged": "date_acknowledged",
    "dateresponded": "date_responded",
}
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row else "File"
        column = f", column “{self.column}”" if self.column else ""
        return f"{where}{column}: {self.message}"


class ComplaintImportError(Exception):
    """Nothing was imported: the problems found (at most a job's listing of them; `total`
    says how many there were)."""

    def __init__(self, errors: list[RowError], total: int | None = None):
        self.errors = errors
        self.total = max(total or 0, len(errors))
        super().__init__(f"{self.total} problem(s); nothing was imported.")


def _normalise(name: str) -> str:
    key = re.sub(r"[\s_\-]+", "", str(name or "").strip().lower())
    for column in COLUMNS:
        if key == column.replace("_", ""):
            return column
    return ALIASES.get(key, key)


def _handle(content) -> IO[bytes]:
    """A seekable binary handle on the file: bytes are wrapped, a handle is used as it is."""
    return io.BytesIO(content) if isinstance(content, bytes | bytearray) else content


def _raw_rows(filename: str, handle: IO[bytes]) -> Iterator:
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(filename, handle)
    return _csv_rows(handle)


def read_rows(filename: str, content) -> Iterator[tuple[int, dict[str, object]]]:
    """(row number, {column: value}) for each non-empty data row; row 1 is the header.
    `content`: the file's bytes, or a seekable binary handle, read as the rows are wanted
    (so a file of any size takes little memory)."""
    handle = _handle(content)
    handle.seek(0)
    rows = iter(_raw_rows(filename, handle))
    header = next(rows, None)
    if header is None:
        raise ComplaintImportError([RowError(0, "", "The file is empty.")])
    names = [_normalise(h) for h in header]
    # The export's extra columns are computed, so an exported file imports as it is.
    ignored = {_normalise(c) for c in EXPORT_ONLY_COLUMNS}
    names = [None if n in ignored else n for n in names]
    unknown = [str(h) for h, n in zip(header, names, strict=True) if h and n and n not in COLUMNS]
    missing = [c for c in REQUIRED if c not in names]
    problems = [RowError(1, str(u), "unknown column") for u in unknown] + [
        RowError(1, m, "required column missing") for m in missing
    ]
    if problems:
        raise ComplaintImportError(problems)
    for number, row in enumerate(rows, start=2):
        values = {name: value for name, value in zip(names, row, strict=False) if name}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        yield number, values


def count_rows(filename: str, content) -> int | None:
    """About how many data rows the file has, cheaply (for a progress bar's total): a CSV's
    records (blank ones too), an XLSX sheet's stated size; None when it cannot tell."""
    handle = _handle(content)
    handle.seek(0)
    try:
        if filename.lower().endswith(".xlsx"):
            from openpyxl import load_workbook

            sheet = load_workbook(handle, read_only=True, data_only=True).worksheets[0]
            return max(sheet.max_row - 1, 0) if sheet.max_row else None
        return max(sum(1 for _ in csv.reader(text_lines(handle))) - 1, 0)
    except Exception:  # noqa: BLE001 - the real read says what is wrong with the file
        return None
    finally:
        handle.seek(0)


def _csv_rows(handle: IO[bytes]) -> Iterator[list[str]]:
    # Lines end at CR, LF or CRLF (old Mac exports end lines with CR alone), and line breaks
    # inside quoted cells are kept.
    lines = text_lines(handle)
    reader = csv.reader(lines)
    rows = _rows_or_error(
        reader,
        csv.Error,
        lambda error: RowError(reader.line_num, "", f"not readable as CSV ({error})."),
    )
    try:
        yield from rows
    except UnicodeDecodeError as error:
        raise ComplaintImportError(
            [RowError(0, "", "The CSV file is not UTF-8 text: save it as “CSV UTF-8”.")]
        ) from error
    except ValidationError as error:
        raise ComplaintImportError([RowError(0, "", error.message)]) from error


def _xlsx_rows(filename: str, handle: IO[bytes]) -> Iterator[tuple]:
    from openpyxl import load_workbook

    try:
        readable = archive_names(handle, filename) is not None
    except ValidationError as error:  # a zip bomb: refused before openpyxl unzips anything
        raise ComplaintImportError([RowError(0, "", error.message)]) from error

    def damaged(error: Exception) -> RowError:
        return RowError(0, "", f"Not a readable .xlsx file ({error}).")

    try:
        if not readable:
            raise ValueError("not a zip file")
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several types for a damaged file
        raise ComplaintImportError([damaged(error)]) from error
    # Read-only mode reads the sheet as it goes: damage may show only on a later row.
    return _rows_or_error(workbook.worksheets[0].iter_rows(values_only=True), Exception, damaged)


def _rows_or_error(rows, catch, describe) -> Iterator:
    """The rows; an exception of type `catch` while reading becomes ComplaintImportError."""
    iterator = iter(rows)
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except catch as error:
            raise ComplaintImportError([describe(error)]) from error
        yield row


def parse_date(value) -> datetime.date | None:
    """A date from ISO (2023-04-01), UK (01/04/2023) or an Excel date; None if blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    try:
        if match := UK_DATE.match(text):
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"“{text}” is not a date: use YYYY-MM-DD or DD/MM/YYYY (e.g. 2023-04-01 or 01/04/2023)."
        ) from None


@functools.cache
def _choice_names(column: str) -> dict[str, str]:
    """What each choice of the column may be written as (lower case) -> its value: the value,
    the value with spaces, the label. Built once (the import looks up every row's cells)."""
    names = {}
    for choice_value, label in CHOICE_COLUMNS[column].choices:
        for name in (choice_value.lower(), choice_value.replace("_", " "), label.lower()):
            names.setdefault(name, choice_value)
    return names


def _parse_choice(column: str, value: str) -> str:
    found = _choice_names(column).get(value.strip().lower())
    if found is not None:
        return found
    allowed = ", ".join(label for _, label in CHOICE_COLUMNS[column].choices)
    raise ValueError(f"“{value}” is not one of: {allowed}.")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and looks_like_formula(text[1:]):
        text = text[1:]  # the quote our CSV export put before formula-like text
    return text


def typed_row(number: int, raw: dict) -> tuple[dict, list[RowError]]:
    """One row's values, typed, and the problems found in its single cells."""
    errors: list[RowError] = []
    values: dict[str, object] = {}
    for column in COLUMNS:
        value = raw.get(column)
        try:
            if column in DATE_COLUMNS:
                values[column] = parse_date(value)
            elif column in CHOICE_COLUMNS:
                text = _text(value)
                values[column] = _parse_choice(column, text) if text else None
            else:
                values[column] = _text(value)
        except ValueError as error:
            errors.append(RowError(number, column, str(error)))
    for column in REQUIRED:
        if column in values and not values[column]:
            errors.append(RowError(number, column, "required, but empty."))
    return values, errors


def typed_rows(filename, content, max_rows) -> Iterator[tuple[int, dict, list[RowError]]]:
    """(row number, typed values, problems in its cells) for each row, as the file is read."""
    for count, (number, raw) in enumerate(read_rows(filename, content), start=1):
        if max_rows is not None and count > max_rows:
            raise ComplaintImportError([RowError(0, "", too_many_rows_message(max_rows))])
        values, errors = typed_row(number, raw)
        yield number, values, errors


IMPORT_COMMAND = "python manage.py import_complaints FILE --organisation NAME"


def too_many_rows_message(max_rows: int) -> str:
    return (
        f"The file has more than {max_rows:,} complaints, the most the import page takes at a "
        f"time (COMPLAINTS_IMPORT_MAX_ROWS); split it, or import it on the command line: "
        f"{IMPORT_COMMAND}"
    )

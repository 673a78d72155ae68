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

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from assessment.models import Organisation
from core.concurrency import refuse_duplicates
from core.exports import looks_like_formula
from core.uploads import archive_names, decode_text, page_limit_message
from findings.models import Complaint, ComplaintCategory, ServiceArea

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
LIST_COLUMNS = {"category": ComplaintCategory, "service_area": ServiceArea}
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
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s); nothing was imported.")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    created_names: list[str] = field(default_factory=list)


def _normalise(name: str) -> str:
    key = re.sub(r"[\s_\-]+", "", str(name or "").strip().lower())
    for column in COLUMNS:
        if key == column.replace("_", ""):
            return column
    return ALIASES.get(key, key)


def read_rows(filename: str, content: bytes) -> Iterator[tuple[int, dict[str, object]]]:
    """(row number, {column: value}) for each non-empty data row; row 1 is the header."""
    if filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(filename, content)
    else:
        rows = _csv_rows(content)
    rows = iter(rows)
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


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    try:
        text = decode_text(content)
    except UnicodeDecodeError as error:
        raise ComplaintImportError(
            [RowError(0, "", "The CSV file is not UTF-8 text: save it as “CSV UTF-8”.")]
        ) from error
    except ValidationError as error:
        raise ComplaintImportError([RowError(0, "", error.message)]) from error
    # newline="": rows end at CR, LF or CRLF (old Mac exports end lines with CR alone), and
    # line breaks inside quoted cells are kept.
    reader = csv.reader(io.StringIO(text, newline=""))
    return _rows_or_error(
        reader,
        csv.Error,
        lambda error: RowError(reader.line_num, "", f"not readable as CSV ({error})."),
    )


def _xlsx_rows(filename: str, content: bytes) -> Iterator[tuple]:
    from openpyxl import load_workbook

    handle = io.BytesIO(content)
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


def _parse_choice(column: str, value: str) -> str:
    choices = CHOICE_COLUMNS[column]
    wanted = value.strip().lower()
    for choice_value, label in choices.choices:
        if wanted in (choice_value.lower(), label.lower(), choice_value.replace("_", " ")):
            return choice_value
    allowed = ", ".join(label for _, label in choices.choices)
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


def _parse(filename, content, max_rows) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Every row's values, typed; and the problems found in single cells."""
    errors: list[RowError] = []
    parsed: list[tuple[int, dict]] = []
    for number, raw in read_rows(filename, content):
        if max_rows is not None and len(parsed) >= max_rows:
            raise ComplaintImportError([RowError(0, "", too_many_rows_message(max_rows))])
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
        parsed.append((number, values))
    return parsed, errors


IMPORT_COMMAND = "python manage.py import_complaints FILE --organisation NAME"


def too_many_rows_message(max_rows: int) -> str:
    return page_limit_message(f"The file has more than {max_rows:,} complaints.", IMPORT_COMMAND)


def _list_names(organisation, parsed, create_missing, errors):
    """Categories and service areas, matched ignoring case: the known ones by lower-case name,
    and the missing ones ({column: {name: [rows]}}); missing names are errors unless created."""
    lists = {}
    missing_names: dict[str, dict[str, list[int]]] = {}
    for column, model in LIST_COLUMNS.items():
        known = {
            item.name.lower(): item for item in model.objects.filter(organisation=organisation)
        }
        lists[column] = known
        for number, values in parsed:
            name = values.get(column)
            if name and name.lower() not in known:
                missing_names.setdefault(column, {}).setdefault(name, []).append(number)
    if not create_missing:
        for column, names in missing_names.items():
            what = "category" if column == "category" else "service area"
            for name, rows in names.items():
                for number in rows:
                    errors.append(
                        RowError(
                            number,
                            column,
                            f"unknown {what} “{name}” (add it to the organisation's list, "
                            "or tick “create missing”).",
                        )
                    )
    return lists, missing_names


def _reference_errors(organisation, parsed, update_existing, errors) -> dict[str, Complaint]:
    """References: unique within the file; an existing one only with update_existing.
    Returns the existing complaints by lower-case reference."""
    seen: dict[str, int] = {}
    references = [v["reference"] for _, v in parsed if v.get("reference")]
    existing = {
        c.reference.lower(): c
        for c in Complaint.objects.filter(organisation=organisation, reference__in=references)
    }
    for number, values in parsed:
        reference = values.get("reference")
        if not reference:
            continue
        key = reference.lower()
        if key in seen:
            errors.append(
                RowError(number, "reference", f"“{reference}” is also on row {seen[key]}.")
            )
        seen.setdefault(key, number)
        if key in existing and not update_existing:
            errors.append(
                RowError(
                    number,
                    "reference",
                    f"“{reference}” already exists (tick “update existing” to update it).",
                )
            )
    return existing


def _build(organisation, parsed, existing, errors) -> list[tuple[int, Complaint, bool]]:
    """Whole-record rules (dates in order, outcome once responded, ...), row by row."""
    complaints: list[tuple[int, Complaint, bool]] = []
    for number, values in parsed:
        if any(e.row == number for e in errors):
            continue
        complaint = existing.get(values["reference"].lower())
        is_new = complaint is None
        if is_new:
            complaint = Complaint(organisation=organisation)
        for column in COLUMNS:
            if column in LIST_COLUMNS:
                continue
            value = values[column]
            if value is None and column in CHOICE_COLUMNS:
                value = Complaint._meta.get_field(column).get_default()
            setattr(complaint, column, value)
        try:
            complaint.full_clean(
                exclude=["category", "service_area"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for column, messages in error.message_dict.items():
                for message in messages:
                    errors.append(RowError(number, column, message))
        complaints.append((number, complaint, is_new))
    return complaints


def _create_missing(organisation, lists, missing_names, result) -> None:
    """Add the missing names to the organisation's lists. get_or_create: another import may be
    adding the same name at this moment; then theirs is used (and not reported as created)."""
    for column, names in missing_names.items():
        model = LIST_COLUMNS[column]
        for name in names:
            item, created = model.objects.get_or_create(organisation=organisation, name=name)
            lists[column][name.lower()] = item
            if created:
                result.created_names.append(name)


def _taken_meanwhile(organisation, new: list[tuple[int, Complaint]]) -> None:
    """After the database refused our inserts: the references someone added since we checked."""
    taken = set(
        Complaint.objects.filter(
            organisation=organisation, reference__in=[c.reference for _, c in new]
        ).values_list("reference", flat=True)
    )
    if taken:
        raise ComplaintImportError(
            [
                RowError(
                    number,
                    "reference",
                    f"“{c.reference}” was added by someone else while this file was being "
                    "imported.",
                )
                for number, c in new
                if c.reference in taken
            ]
        )


@transaction.atomic
def import_complaints(
    *,
    organisation: Organisation,
    filename: str,
    content: bytes,
    create_missing: bool = False,
    update_existing: bool = False,
    max_rows: int | None = None,
) -> ImportResult:
    """Check every row, then save them all, or raise ComplaintImportError and save nothing.

    `max_rows`: refuse a file with more complaints than this (the import page's limit).
    """
    parsed, errors = _parse(filename, content, max_rows)
    lists, missing_names = _list_names(organisation, parsed, create_missing, errors)
    existing = _reference_errors(organisation, parsed, update_existing, errors)
    complaints = _build(organisation, parsed, existing, errors)
    if errors:
        raise ComplaintImportError(sorted(errors, key=lambda e: (e.row, e.column)))

    result = ImportResult()
    _create_missing(organisation, lists, missing_names, result)
    values_by_row = dict(parsed)
    for number, complaint, _ in complaints:
        for column in LIST_COLUMNS:
            name = values_by_row[number].get(column)
            setattr(complaint, column, lists[column][name.lower()] if name else None)
    new = [(number, c) for number, c, is_new in complaints if is_new]
    changed = [c for _, c, is_new in complaints if not is_new]
    now = timezone.now()
    for complaint in changed:
        complaint.updated_at = now
    with refuse_duplicates(lambda: _taken_meanwhile(organisation, new)):
        bulk_create_with_history([c for _, c in new], Complaint, batch_size=500)
    if changed:
        bulk_update_with_history(
            changed,
            Complaint,
            fields=[*COLUMNS, "updated_at"],
            batch_size=500,
        )
    result.created, result.updated = len(new), len(changed)
    return result

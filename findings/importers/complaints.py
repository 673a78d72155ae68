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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from assessment.exports import looks_like_formula
from assessment.models import Organisation
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
        rows = _xlsx_rows(content)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ComplaintImportError(
                [RowError(0, "", "The CSV file is not UTF-8 text: save it as “CSV UTF-8”.")]
            ) from error
        rows = csv.reader(io.StringIO(text))
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


def _xlsx_rows(content: bytes) -> Iterable[tuple]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several types for a damaged file
        raise ComplaintImportError(
            [RowError(0, "", f"Not a readable .xlsx file ({error}).")]
        ) from error
    return workbook.worksheets[0].iter_rows(values_only=True)


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


@transaction.atomic
def import_complaints(
    *,
    organisation: Organisation,
    filename: str,
    content: bytes,
    create_missing: bool = False,
    update_existing: bool = False,
) -> ImportResult:
    """Check every row, then save them all, or raise ComplaintImportError and save nothing."""
    errors: list[RowError] = []
    parsed: list[tuple[int, dict]] = []
    for number, raw in read_rows(filename, content):
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

    # Categories and service areas, matched ignoring case.
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

    # References: unique within the file; an existing one only with update_existing.
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

    # Whole-record rules (dates in order, outcome once responded, ...), row by row.
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

    if errors:
        raise ComplaintImportError(sorted(errors, key=lambda e: (e.row, e.column)))

    result = ImportResult()
    for column, names in missing_names.items():
        model = LIST_COLUMNS[column]
        for name in names:
            lists[column][name.lower()] = model.objects.create(organisation=organisation, name=name)
            result.created_names.append(name)
    values_by_row = dict(parsed)
    for number, complaint, _ in complaints:
        for column in LIST_COLUMNS:
            name = values_by_row[number].get(column)
            setattr(complaint, column, lists[column][name.lower()] if name else None)
    new = [c for _, c, is_new in complaints if is_new]
    changed = [c for _, c, is_new in complaints if not is_new]
    now = timezone.now()
    for complaint in changed:
        complaint.updated_at = now
    bulk_create_with_history(new, Complaint, batch_size=500)
    if changed:
        bulk_update_with_history(
            changed,
            Complaint,
            fields=[*COLUMNS, "updated_at"],
            batch_size=500,
        )
    result.created, result.updated = len(new), len(changed)
    return result

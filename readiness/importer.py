"""Import metric values from CSV or XLSX, all or nothing.

Every row is checked first; if any is wrong, every problem is reported (row number as the
spreadsheet shows it, column, reason) and nothing is saved. Columns (first row; any case,
spaces or underscores): statement*, metric*, period*, value*, target, target_aim, england,
region, source_note (* required). A row with neither period nor value is skipped, so the
template (one row per metric) can be filled in part.

- statement: a quality statement's title ("Assessing needs"), any case.
- metric: CQC's wording of one of that statement's metrics (any case; straight or curly quotes).
- period: a financial year, "2024-25"; not one that has not started.
- value, target, england, region: numbers; percentages 0 to 100 (64.3, or "64.3%").
- target_aim: "at least" (default: higher is better) or "at most" (lower is better).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from core.exports import looks_like_formula
from core.uploads import archive_names, decode_text

COLUMNS = [
    "statement",
    "metric",
    "period",
    "value",
    "target",
    "target_aim",
    "england",
    "region",
    "source_note",
]
REQUIRED = ["statement", "metric", "period", "value"]
NUMBER_COLUMNS = ["value", "target", "england", "region"]
MAX_ROWS = 5000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row else "File"
        column = f", column “{self.column}”" if self.column else ""
        return f"{where}{column}: {self.message}"


class MetricImportError(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s); nothing was imported.")


def _normalise(name) -> str:
    return re.sub(r"[\s_\-]+", "", str(name or "").strip().lower())


_KNOWN = {_normalise(column): column for column in COLUMNS} | {"aim": "target_aim"}


def read_rows(filename: str, content: bytes) -> Iterator[tuple[int, dict[str, object]]]:
    """(row number, {column: value}) of each row with something in it; row 1 is the header."""
    rows = iter(_xlsx_rows(filename, content) if _is_xlsx(filename) else _csv_rows(content))
    header = next(rows, None)
    if header is None:
        raise MetricImportError([RowError(0, "", "The file is empty.")])
    names = [_KNOWN.get(_normalise(h)) for h in header]
    problems = [
        RowError(1, str(h), "unknown column")
        for h, n in zip(header, names, strict=True)
        if h not in (None, "") and n is None
    ] + [RowError(1, c, "required column missing") for c in REQUIRED if c not in names]
    if problems:
        raise MetricImportError(problems)
    for number, row in enumerate(rows, start=2):
        values = {name: value for name, value in zip(names, row, strict=False) if name}
        if all(_text(values.get(c)) == "" for c in ("period", "value")):
            continue  # an empty row, or a template row not filled in
        yield number, values


def _is_xlsx(filename: str) -> bool:
    return filename.lower().endswith(".xlsx")


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    try:
        text = decode_text(content)
    except UnicodeDecodeError as error:
        raise MetricImportError(
            [RowError(0, "", "The CSV file is not UTF-8 text: save it as “CSV UTF-8”.")]
        ) from error
    except ValidationError as error:
        raise MetricImportError([RowError(0, "", error.message)]) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return iter(list(reader))
    except csv.Error as error:
        raise MetricImportError(
            [RowError(reader.line_num, "", f"not readable as CSV ({error}).")]
        ) from error


def _xlsx_rows(filename: str, content: bytes) -> Iterator[tuple]:
    from openpyxl import load_workbook

    handle = io.BytesIO(content)
    try:
        readable = archive_names(handle, filename) is not None
    except ValidationError as error:  # a zip bomb: refused before anything is unzipped
        raise MetricImportError([RowError(0, "", error.message)]) from error
    try:
        if not readable:
            raise ValueError("not a zip file")
        workbook = load_workbook(handle, read_only=True, data_only=True)
        # A metrics file is small (MAX_ROWS): read it whole, so damage shows here.
        return iter(list(workbook.worksheets[0].iter_rows(values_only=True)))
    except Exception as error:  # openpyxl raises several types for a damaged file
        raise MetricImportError(
            [RowError(0, "", f"Not a readable .xlsx file ({error}).")]
        ) from error


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and looks_like_formula(text[1:]):
        text = text[1:]  # the quote our CSV writer puts before formula-like text
    return text


def parse_number(value) -> Decimal | None:
    """A number from a cell: 64.3, "64.3", "64.3%" (the % is dropped); None if blank."""
    if isinstance(value, bool):
        raise ValueError(f"“{value}” is not a number.")
    if isinstance(value, int | float):
        # round() drops binary noise such as 64.30000000000001 from a spreadsheet.
        return Decimal(str(round(value, 10)))
    text = _text(value)
    if not text:
        return None
    try:
        number = Decimal(text.removesuffix("%").strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"“{text}” is not a number.") from None
    if not number.is_finite():
        raise ValueError(f"“{text}” is not a number.")
    return number


def parse_aim(value) -> str:
    text = _normalise(value)
    if text in ("", "atleast", "higher", "higherisbetter"):
        return "at_least"
    if text in ("atmost", "lower", "lowerisbetter"):
        return "at_most"
    raise ValueError(f"“{_text(value)}” is not one of: at least, at most.")

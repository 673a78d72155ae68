"""Checking whole records and saving them, all or nothing (see complaints.importer)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from assessment.models import Organisation
from assessment.tenancy import require_perm
from complaints.bank_holidays import ensure_dates
from complaints.importer.reading import (
    CHOICE_COLUMNS,
    COLUMNS,
    ComplaintImportError,
    RowError,
    parse_rows,
)
from complaints.models import Complaint, ComplaintCategory, ServiceArea
from complaints.services import CLOCK_DATES
from core.concurrency import refuse_duplicates

LIST_COLUMNS = {"category": ComplaintCategory, "service_area": ServiceArea}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    created_names: list[str] = field(default_factory=list)


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
    user,
    filename: str,
    content: bytes,
    create_missing: bool = False,
    update_existing: bool = False,
    max_rows: int | None = None,
) -> ImportResult:
    """Check every row, then save them all, or raise ComplaintImportError and save nothing.
    Refused (PermissionDenied) unless the user's role in the organisation lets them add
    complaints (and change them, to update existing ones); `user` None: a command.

    `max_rows`: refuse a file with more complaints than this (the import page's limit).
    """
    needed = ["complaints.add_complaint"] + (["complaints.change_complaint"] * update_existing)
    for perm in needed:
        require_perm(
            user, perm, organisation, "Your role may not import complaints for this organisation."
        )
    parsed, errors = parse_rows(filename, content, max_rows)
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
    ensure_dates(
        getattr(complaint, field) for _, complaint, _ in complaints for field in CLOCK_DATES
    )
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

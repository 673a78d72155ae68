"""What changed in a record's history (django-simple-history), for the pages that show it.

One query: the history rows are fetched once, newest first, and each is compared with the row
before it in that list (simple-history's prev_record would cost a query per row).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple


class FieldChange(NamedTuple):
    label: str
    old: str
    new: str


@dataclass
class Change:
    when: datetime.datetime
    who: object
    kind: str  # "created" | "changed" | "deleted"
    fields: list[FieldChange] = field(default_factory=list)
    record: object = None
    previous: object = None


def display(record, model_field) -> str:
    """A field's value on a history row as a person reads it."""
    if model_field.is_relation:
        value = getattr(record, model_field.name, None)  # select_related on the history query
        return str(value) if value is not None else "—"
    value = getattr(record, model_field.attname)
    if model_field.choices:
        return (
            str(dict(model_field.flatchoices).get(value, value)) if value not in (None, "") else "—"
        )
    if isinstance(value, datetime.datetime):
        return f"{value.day} {value:%b %Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%b %Y}"  # "23 Feb 2024", as the pages print dates
    return str(value) if value not in (None, "") else "—"


def changes(
    history,
    *,
    fields: list[str] | None = None,
    exclude: tuple[str, ...] = ("id", "created_at", "updated_at"),
    related: tuple[str, ...] = (),
    limit: int = 50,
    labels: dict[str, str] | None = None,
) -> list[Change]:
    """The changes recorded in `history` (a simple-history manager or queryset), newest first.

    `fields` names the tracked fields (default: every concrete field not in `exclude`);
    `related` lists foreign keys to select_related so their names show without extra queries.
    Saves that changed none of the tracked fields are left out.
    """
    model = history.model.instance_type
    tracked = [
        f
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False)
        and not f.many_to_many
        and (f.name in fields if fields is not None else f.name not in exclude)
    ]
    labels = labels or {}
    rows = list(
        history.select_related("history_user", *related).order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    result = []
    for index, record in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        changed = []
        if previous is not None:
            for f in tracked:
                old, new = display(previous, f), display(record, f)
                if old != new:
                    label = labels.get(f.name) or str(f.verbose_name).capitalize()
                    changed.append(FieldChange(label=label, old=old, new=new))
            if not changed and record.history_type == "~":
                continue
        kind = {"+": "created", "-": "deleted"}.get(record.history_type, "changed")
        result.append(
            Change(
                when=record.history_date,
                who=record.history_user,
                kind=kind,
                fields=changed,
                record=record,
                previous=previous,
            )
        )
    return result


# --- saving edits ---------------------------------------------------------------------------

# What a save moves by itself, not what a person edits: the time of the save, and the version
# counter of optimistic locking (core.concurrency).
NOT_EDITS = frozenset({"updated_at", "version"})


def changed_fields(instance, original) -> list[str]:
    """The concrete fields whose value `instance` changes from `original` (the row as stored)."""
    return [
        field.name
        for field in instance._meta.concrete_fields
        if field.name not in NOT_EDITS
        and field.value_from_object(instance) != field.value_from_object(original)
    ]


def save_if_changed(instance, original) -> bool:
    """Save an edit of `instance` unless it changes nothing of `original`, the row as stored
    (read, or locked, by the caller). A save that changes nothing is no edit: it records no
    history row and moves neither updated_at nor the version. A model with a `version` (for
    optimistic locking) moves on one from the stored row's. Returns whether it saved."""
    if not changed_fields(instance, original):
        return False
    if hasattr(original, "version"):
        instance.version = original.version + 1
    instance.save()
    return True

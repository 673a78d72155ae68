"""Two people at once. Every service that writes a record others may write at the same moment
uses one of these, so the second person gets a message in words, never a 500 or a lost edit:

- `refuse_duplicates`: a uniqueness check, then the insert. If someone inserts the same key
  between the two, the database's unique constraint refuses ours; the check is run again and
  raises the same ValidationError it would have raised a moment later.
- `check_version` (optimistic locking): a form carries the version it was opened at; the save
  locks the row and refuses with EditConflict, listing what the other person changed, when the
  version has moved on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction

from core.history import display
from core.people import person_name
from core.textdiff import marked_diff


@contextmanager
def refuse_duplicates(recheck: Callable[[], None]) -> Iterator[None]:
    """Run the block's writes in a savepoint. If the database refuses them (a unique key
    taken since the caller checked), roll back to the savepoint and call `recheck`: it raises
    the caller's own error for the duplicate. If it finds nothing, the IntegrityError goes on."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        recheck()
        raise


@dataclass
class FieldChange:
    field: str
    label: str
    yours_from: str
    theirs: str

    @property
    def marked(self):
        """(before, after) with the differing words marked, for display."""
        return marked_diff(self.yours_from, self.theirs)


class EditConflict(Exception):
    """Someone saved the record after this editor opened it; nothing was saved."""

    def __init__(self, current, changes: list[FieldChange], by):
        self.current = current
        self.changes = changes
        self.by = by
        super().__init__(
            f"The {current._meta.verbose_name} was changed by someone else since you opened it."
        )

    def who_for(self, user) -> str:
        """Who made the other change, as `user` (the one refused) should read it."""
        if self.by is not None and self.by == user:
            return "you (in another window or tab)"
        if self.by is not None:
            return person_name(self.by)
        return "someone else"


def _as_now(current, fields: tuple[str, ...]) -> list:
    changes = []
    for name in fields:
        field = current._meta.get_field(name)
        label = str(field.verbose_name).capitalize()
        changes.append(
            FieldChange(field=name, label=label, yours_from="", theirs=_shown(current, field))
        )
    return changes


def _shown(record, field) -> str:
    try:
        return display(record, field)
    except ObjectDoesNotExist:  # e.g. a topic deleted since
        return "—"


def check_version(current, expected_version: int | None, fields: tuple[str, ...]) -> None:
    """Raise EditConflict if `current` (locked by the caller with select_for_update) is no
    longer at `expected_version`. The changes compare the history record of the version the
    editor opened with the row as saved now, field by field (`fields`, in display order).
    A save that names no version (an old or hand-made form) cannot be checked, so it is
    refused the same way, showing every field as it is now."""
    if expected_version is not None and current.version == expected_version:
        return
    if expected_version is None:
        raise EditConflict(current, _as_now(current, fields), None)
    records = list(
        current.history.filter(version__gte=expected_version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    opened = next((r for r in records if r.version == expected_version), None)
    changes = []
    for name in fields:
        field = current._meta.get_field(name)
        before = _shown(opened, field) if opened is not None else ""
        now = _shown(current, field)
        if opened is None or before != now:
            label = str(field.verbose_name).capitalize()
            changes.append(FieldChange(field=name, label=label, yours_from=before, theirs=now))
    raise EditConflict(current, changes, records[-1].history_user if records else None)


# --- edit forms and pages ----------------------------------------------------------------------

# Passed by code that edits a record outside a form (commands, data fixes): no version to check.
NOT_CHECKED = object()


def add_version_field(form) -> None:
    """Give an edit form (a ModelForm of a saved record with a `version`) the hidden field that
    carries the version the editor opened; call it at the end of the form's __init__ (after its
    crispy layout is set). The service compares it when saving (`check_edit`)."""
    if form.instance.pk is None:
        return
    form.fields["version"] = forms.IntegerField(
        widget=forms.HiddenInput, required=False, initial=form.instance.version
    )
    helper = getattr(form, "helper", None)
    if helper is not None and helper.layout is not None:
        helper.layout.append("version")


def check_edit(stored, expected_version, fields: tuple[str, ...]) -> None:
    """`check_version` for a service saving an edit form: `stored` is the row locked by the
    caller (select_for_update); `NOT_CHECKED` (code editing without a form) skips the check."""
    if expected_version is not NOT_CHECKED:
        check_version(stored, expected_version, fields)


class EditConflictMixin:
    """An edit page whose save was refused (EditConflict): the form again, with the user's
    edits, what the other person changed (templates/includes/_edit_conflict.html, shown when
    the context has `conflict`) and the version moved on, so saving again is a decision."""

    conflict_noun = "record"

    def refuse_conflict(self, form, conflict: EditConflict):
        who = conflict.who_for(self.request.user)
        messages.error(
            self.request,
            f"Not saved: {who} changed this {self.conflict_noun} after you opened it. What "
            "changed is shown below; your edits are still in the form. Check them, then save "
            "again.",
        )
        form.data = form.data.copy()
        form.data["version"] = conflict.current.version
        return self.render_to_response(
            self.get_context_data(
                form=form, conflict=conflict, conflict_by=who, conflict_what=self.conflict_noun
            )
        )

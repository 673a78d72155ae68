"""Writes of an organisation's complaint categories and service areas (its "lists"), run by its
managers: add, rename, merge one into another, retire and restore. Each runs in a
transaction, checks the user's role in the list's organisation (require_perm) and refuses bad
input with a ValidationError on the field at fault ("name", "target"), changing nothing.

Nothing is deleted: a retired name is no longer offered for new complaints but stays on the
complaints that have it, so old reports keep their figures. A merge moves the complaints to the
other name (each complaint's history records the move) and retires the merged one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from assessment.tenancy import require_perm
from complaints.models import Complaint, ComplaintCategory, ServiceArea
from core.concurrency import refuse_duplicates

ListItem = ComplaintCategory | ServiceArea
# The complaint field each list fills.
COMPLAINT_FIELD = {ComplaintCategory: "category", ServiceArea: "service_area"}


def perm(model, action: str) -> str:
    return f"complaints.{action}_{model._meta.model_name}"


def _refusal(model) -> str:
    return f"Only a manager of the organisation may change its {model._meta.verbose_name_plural}."


def check_name_free(item: ListItem) -> None:
    """Refuse, on the "name" field, a name the organisation's list has already (in any case,
    retired names too: restore that one instead)."""
    model = type(item)
    clash = (
        model.objects.filter(organisation_id=item.organisation_id, name__iexact=item.name.strip())
        .exclude(pk=item.pk)
        .first()
    )
    if clash is None:
        return
    message = "%(organisation)s already has the %(what)s “%(name)s”"
    message += "." if clash.active else " (retired): restore it instead."
    params = {
        "organisation": clash.organisation,
        "what": model._meta.verbose_name,
        "name": clash.name,
    }
    raise ValidationError({"name": ValidationError(message, code="name_taken", params=params)})


@transaction.atomic
def save_item(*, item: ListItem, user) -> ListItem:
    """Add a category or service area, or rename one (a form's instance)."""
    model = type(item)
    if item.pk is None:
        require_perm(user, perm(model, "add"), item.organisation, _refusal(model))
    else:
        stored = model.objects.select_for_update().get(pk=item.pk)
        require_perm(user, perm(model, "change"), stored, _refusal(model))
        item.organisation_id = stored.organisation_id
    item.name = " ".join(item.name.split())
    check_name_free(item)
    item.full_clean(validate_constraints=False)
    with refuse_duplicates(lambda: check_name_free(item)):
        item.save()
    return item


@transaction.atomic
def set_active(*, item: ListItem, active: bool, user) -> ListItem:
    """Retire a name (no longer offered for new complaints; kept on the old ones) or restore
    it."""
    model = type(item)
    current = model.objects.select_for_update().get(pk=item.pk)
    require_perm(user, perm(model, "change"), current, _refusal(model))
    if current.active != active:
        current.active = active
        current.save(update_fields=["active"])
    return current


def check_merge(source: ListItem, target: ListItem | None) -> None:
    """Refuse, on the "target" field, a merge that cannot be done."""
    what = type(source)._meta.verbose_name
    if target is None:
        error = ValidationError("Choose the %(what)s to merge into.", code="required")
    elif target.pk == source.pk:
        error = ValidationError("Choose another %(what)s: not this one.", code="same")
    elif target.organisation_id != source.organisation_id:
        error = ValidationError("“%(target)s” belongs to another organisation.", code="other")
    elif not target.active:
        error = ValidationError(
            "“%(target)s” is retired: restore it first, or merge into another.", code="retired"
        )
    else:
        return
    error.params = {"what": what, "target": target}
    raise ValidationError({"target": error})


@transaction.atomic
def merge_items(*, source: ListItem, target: ListItem | None, user) -> int:
    """Move every complaint filed under `source` to `target` and retire `source`. Returns how
    many complaints moved; each one's history says it moved, when, by whom and why."""
    model = type(source)
    ids = sorted({source.pk, getattr(target, "pk", source.pk)})
    locked = {item.pk: item for item in model.objects.select_for_update().filter(pk__in=ids)}
    source, target = locked[source.pk], target and locked.get(target.pk)
    require_perm(user, perm(model, "change"), source, _refusal(model))
    check_merge(source, target)
    require_perm(user, perm(model, "change"), target, _refusal(model))
    field = COMPLAINT_FIELD[model]
    moved = list(Complaint.objects.select_for_update().filter(**{field: source}).order_by("pk"))
    now = timezone.now()
    for complaint in moved:
        setattr(complaint, field, target)
        complaint.updated_at = now  # the report's version sees the move
        complaint.version += 1  # an edit form opened before the merge is refused
    bulk_update_with_history(
        moved,
        Complaint,
        [field, "updated_at", "version"],
        batch_size=1000,
        default_user=user,
        default_change_reason=f"“{source.name}” merged into “{target.name}”",
    )
    source.active = False
    source.save(update_fields=["active"])
    return len(moved)

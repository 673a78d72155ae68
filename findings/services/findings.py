"""Writes for findings: each in a transaction, validated before saving, history kept."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from findings.models import Finding, Topic
from findings.textdiff import marked_diff

EDITABLE_FIELDS = ("text", "source", "evidence_category", "judgement")


def get_or_create_topic(*, assessment, statement, title: str) -> Topic:
    """The statement's topic with this heading; a new one goes after the existing topics."""
    title = " ".join(title.split())
    topic = Topic.objects.filter(
        assessment=assessment, statement=statement, title__iexact=title
    ).first()
    if topic is None:
        last = Topic.objects.filter(assessment=assessment, statement=statement).aggregate(
            last=Max("order")
        )["last"]
        topic = Topic(
            assessment=assessment,
            statement=statement,
            title=title,
            order=0 if last is None else last + 1,
        )
        topic.full_clean()
        topic.save()
    return topic


def _next_order(topic: Topic) -> int:
    last = topic.findings.aggregate(last=Max("order"))["last"]
    return 0 if last is None else last + 1


def _drop_if_empty(topic: Topic) -> None:
    if not topic.findings.exists():
        topic.delete()


@transaction.atomic
def create_finding(
    *,
    assessment,
    statement,
    topic_title: str,
    text: str,
    source: str = Finding.Source.OTHER,
    evidence_category: str = "",
    judgement: str = Finding.Judgement.NOT_REVIEWED,
    recorded_by=None,
) -> Finding:
    """Add a finding at the end of its topic (the topic is created if new)."""
    topic = get_or_create_topic(assessment=assessment, statement=statement, title=topic_title)
    finding = Finding(
        topic=topic,
        order=_next_order(topic),
        text=text.strip(),
        source=source,
        evidence_category=evidence_category,
        judgement=judgement,
        recorded_by=recorded_by,
    )
    finding.full_clean()
    finding.save()
    return finding


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


class FindingEditConflict(Exception):
    """Someone saved the finding after this editor opened it; nothing was saved."""

    def __init__(self, finding: Finding, changes: list[FieldChange], by):
        self.finding = finding
        self.changes = changes
        self.by = by
        super().__init__("The finding was changed by someone else since you opened it.")


def _display(finding_like, field: str) -> str:
    value = getattr(finding_like, field)
    choices = dict(Finding._meta.get_field(field).flatchoices)
    return str(choices.get(value, value)) if field != "text" else value


def _conflict_changes(finding: Finding, expected_version: int) -> tuple[list[FieldChange], object]:
    """What changed between the version the editor opened and the one now saved."""
    records = list(
        finding.history.filter(version__gte=expected_version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    opened = next((r for r in records if r.version == expected_version), None)
    latest_by = records[-1].history_user if records else None
    changes = []
    fields = (*EDITABLE_FIELDS, "topic")
    for field in fields:
        if field == "topic":
            before = opened.topic.title if opened and opened.topic_id else ""
            now = finding.topic.title
        else:
            before = _display(opened, field) if opened else ""
            now = _display(finding, field)
        if opened is None or before != now:
            label = Finding._meta.get_field(field).verbose_name.capitalize()
            changes.append(FieldChange(field=field, label=label, yours_from=before, theirs=now))
    return changes, latest_by


@transaction.atomic
def update_finding(
    *, finding: Finding, expected_version: int, topic_title: str, **values
) -> Finding:
    """Save an edit unless someone else saved the finding since the editor opened it.

    The row is locked while the version is compared, so two simultaneous saves cannot both pass.
    On a conflict, FindingEditConflict lists what the other person changed.
    """
    current = Finding.objects.select_for_update().select_related("topic").get(pk=finding.pk)
    if current.version != expected_version:
        changes, by = _conflict_changes(current, expected_version)
        raise FindingEditConflict(current, changes, by)
    old_topic = current.topic
    if " ".join(topic_title.split()).lower() != old_topic.title.lower():
        current.topic = get_or_create_topic(
            assessment=old_topic.assessment,
            statement=old_topic.statement,
            title=topic_title,
        )
        current.order = _next_order(current.topic)
    for field, value in values.items():
        if field not in EDITABLE_FIELDS:
            raise ValueError(f"{field} cannot be edited here")
        setattr(current, field, value.strip() if field == "text" else value)
    current.version += 1
    current.full_clean()
    current.save()
    if current.topic_id != old_topic.pk:
        _drop_if_empty(old_topic)
    return current


@transaction.atomic
def move_finding(*, finding: Finding, direction: str) -> bool:
    """Swap the finding with its neighbour above ("up") or below ("down") in its topic.

    Returns False when it is already first (up) or last (down).
    """
    if direction not in ("up", "down"):
        raise ValueError("direction must be 'up' or 'down'")
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    siblings = Finding.objects.filter(topic_id=finding.topic_id).exclude(pk=finding.pk)
    if direction == "up":
        neighbour = siblings.filter(order__lte=finding.order).order_by("-order", "-pk").first()
    else:
        neighbour = siblings.filter(order__gte=finding.order).order_by("order", "pk").first()
    if neighbour is None:
        return False
    if neighbour.order == finding.order:
        # Equal positions (e.g. after a bulk edit in admin): separate them first.
        neighbour.order += -1 if direction == "up" else 1
    finding.order, neighbour.order = neighbour.order, finding.order
    for item in (finding, neighbour):
        item.version += 1
        item.save(update_fields=["order", "version", "updated_at"])
    return True


@transaction.atomic
def delete_finding(*, finding: Finding) -> None:
    """Delete the finding; a topic left with no findings goes too."""
    topic = finding.topic
    finding.delete()
    _drop_if_empty(topic)

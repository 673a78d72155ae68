"""Writes for findings: each in a transaction, refused (PermissionDenied) unless the user's role
in the finding's organisation allows it, validated before saving, history kept. `user` None is
trusted code acting for nobody (a management command, the demo loader)."""

from __future__ import annotations

import copy

from django.db import transaction
from django.db.models import Max

from assessment.models import Assessment
from assessment.tenancy import require_perm
from core.concurrency import check_version
from core.history import save_if_changed
from findings.models import Finding, Topic

EDITABLE_FIELDS = ("text", "source", "evidence_category", "judgement")
# What a refused edit shows as changed by the other person, in this order.
CONFLICT_FIELDS = (*EDITABLE_FIELDS, "topic")
_MAY_NOT_EDIT = "Your role may not edit this finding."


@transaction.atomic
def get_or_create_topic(*, assessment, statement, title: str) -> Topic:
    """The statement's topic with this heading; a new one goes after the existing topics.

    A new topic is added under a lock on the assessment's row, so two people adding the same
    new heading at once get one topic, and two new headings get different positions.
    """
    title = " ".join(title.split())
    topics = Topic.objects.filter(assessment=assessment, statement=statement)
    topic = topics.filter(title__iexact=title).first()
    if topic is not None:
        return topic
    list(Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("pk"))
    # Read again under the lock: whoever held it before us has committed.
    topic = topics.filter(title__iexact=title).first()
    if topic is None:
        last = topics.aggregate(last=Max("order"))["last"]
        topic = Topic(
            assessment=assessment,
            statement=statement,
            title=title,
            order=0 if last is None else last + 1,
        )
        topic.full_clean()
        topic.save()
    return topic


def locked_topic(*, assessment, statement, title: str) -> Topic:
    """get_or_create_topic, with the topic's row locked until the transaction ends: positions
    of its findings are computed under this lock (see next_order), and a topic deleted as
    empty meanwhile is made again."""
    for _attempt in range(3):
        topic = get_or_create_topic(assessment=assessment, statement=statement, title=title)
        locked = Topic.objects.select_for_update().filter(pk=topic.pk).first()
        if locked is not None:
            return locked
    raise RuntimeError(f"The topic “{title}” kept being deleted while a finding was added to it.")


def next_order(topic: Topic) -> int:
    """The position after the topic's last finding. Call with the topic locked (locked_topic):
    two additions at once would otherwise take the same position, which the database refuses."""
    last = topic.findings.aggregate(last=Max("order"))["last"]
    return 0 if last is None else last + 1


def _drop_if_empty(topic: Topic) -> None:
    topic = Topic.objects.select_for_update().filter(pk=topic.pk).first()
    if topic is not None and not topic.findings.exists():
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
    recorded_by,
) -> Finding:
    """Add a finding at the end of its topic (the topic is created if new), recorded by the
    user `recorded_by`."""
    require_perm(
        recorded_by,
        "findings.add_finding",
        assessment,
        "Your role may not add findings to this assessment.",
    )
    topic = locked_topic(assessment=assessment, statement=statement, title=topic_title)
    finding = Finding(
        topic=topic,
        order=next_order(topic),
        text=text.strip(),
        source=source,
        evidence_category=evidence_category,
        judgement=judgement,
        recorded_by=recorded_by,
    )
    finding.full_clean()
    finding.save()
    return finding


def _lock_topics(*pks) -> None:
    """Topics are locked before their findings, several in id order, so that two services
    locking the same rows cannot wait for each other."""
    list(Topic.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk"))


@transaction.atomic
def update_finding(
    *, finding: Finding, user, expected_version: int, topic_title: str, **values
) -> Finding:
    """Save an edit unless someone else saved the finding since the editor opened it.

    The row is locked while the version is compared, so two simultaneous saves cannot both pass.
    On a conflict, EditConflict lists what the other person changed.
    """
    require_perm(user, "findings.change_finding", finding, _MAY_NOT_EDIT)
    title = " ".join(topic_title.split())
    target = Topic.objects.filter(
        assessment_id=finding.topic.assessment_id,
        statement_id=finding.topic.statement_id,
        title__iexact=title,
    ).first()
    _lock_topics(finding.topic_id, *([target.pk] if target else []))
    current = Finding.objects.select_for_update().select_related("topic").get(pk=finding.pk)
    check_version(current, expected_version, CONFLICT_FIELDS)
    stored = copy.copy(current)
    old_topic = current.topic
    if title.lower() != old_topic.title.lower():
        current.topic = locked_topic(
            assessment=old_topic.assessment, statement=old_topic.statement, title=title
        )
        current.order = next_order(current.topic)
    for field, value in values.items():
        if field not in EDITABLE_FIELDS:
            raise ValueError(f"{field} cannot be edited here")
        setattr(current, field, value.strip() if field == "text" else value)
    current.full_clean()
    save_if_changed(current, stored)
    if current.topic_id != old_topic.pk:
        _drop_if_empty(old_topic)
    return current


@transaction.atomic
def move_finding(*, finding: Finding, direction: str, user) -> bool:
    """Swap the finding with its neighbour above ("up") or below ("down") in its topic.

    Returns False when it is already first (up) or last (down). Positions are unique within a
    topic, so the swap goes through a free position past the end.
    """
    if direction not in ("up", "down"):
        raise ValueError("direction must be 'up' or 'down'")
    require_perm(user, "findings.change_finding", finding, _MAY_NOT_EDIT)
    _lock_topics(finding.topic_id)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    siblings = Finding.objects.filter(topic_id=finding.topic_id).exclude(pk=finding.pk)
    if direction == "up":
        neighbour = siblings.filter(order__lt=finding.order).order_by("-order").first()
    else:
        neighbour = siblings.filter(order__gt=finding.order).order_by("order").first()
    if neighbour is None:
        return False
    mine, theirs = finding.order, neighbour.order
    # Out of the way first (an UPDATE, so the history holds only the real positions).
    Finding.objects.filter(pk=finding.pk).update(order=next_order(finding.topic))
    neighbour.order, finding.order = mine, theirs
    for item in (neighbour, finding):
        item.version += 1
        item.save(update_fields=["order", "version", "updated_at"])
    return True


@transaction.atomic
def delete_finding(*, finding: Finding, user) -> None:
    """Delete the finding; a topic left with no findings goes too."""
    require_perm(user, "findings.delete_finding", finding, "Your role may not delete this finding.")
    _lock_topics(finding.topic_id)
    topic = finding.topic
    finding.delete()
    _drop_if_empty(topic)

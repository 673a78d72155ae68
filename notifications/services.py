"""Telling people: notify() (other apps call it when something happens), a person's delivery
choices, and marking notifications read."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from assessment.tenancy import members_of
from notifications.kinds import KINDS, Delivery, default_delivery
from notifications.models import Notification, NotificationPreference


def _ids(recipients) -> set[int]:
    return {getattr(person, "pk", person) for person in recipients if person is not None}


def deliveries(user_ids, kind: str) -> dict[int, str]:
    """How each of these people wants `kind` delivered (their choice, else the kind's default;
    one query)."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {user_id: chosen.get(user_id, default_delivery(kind)) for user_id in user_ids}


def notify(
    kind: str,
    recipients,
    *,
    organisation,
    subject: str,
    url: str,
    body: str = "",
    key: str = "",
) -> int:
    """Tell each recipient (users or their ids) who is active and an active member of
    `organisation`: one Notification each, written in the caller's transaction. Those who
    chose "email now" for `kind` get an e-mail from a background task queued when the
    transaction commits (nothing is sent for an event that is rolled back). With `key` (a
    daily run's notice, e.g. "complaint:12:2025-07-01") nobody is told of the same key twice.
    Returns how many were notified."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind “{kind}”.")
    wanted = _ids(recipients)
    if not wanted:
        return 0
    members = list(members_of(organisation).filter(pk__in=wanted).values_list("pk", flat=True))
    if key:
        told = Notification.objects.filter(kind=kind, key=key, user_id__in=members)
        members = sorted(set(members) - set(told.values_list("user_id", flat=True)))
    if not members:
        return 0
    how = deliveries(members, kind)
    rows = [
        Notification(
            user_id=user_id,
            organisation_id=getattr(organisation, "pk", organisation),
            kind=kind,
            subject=subject[:300],
            body=body,
            url=url[:500],
            delivery=how[user_id],
            key=key[:200],
        )
        for user_id in members
    ]
    try:
        with transaction.atomic():
            created = Notification.objects.bulk_create(rows)
    except IntegrityError:
        # notification_once_per_key: a concurrent run told them of this key just now.
        return 0
    emails = [row.pk for row in created if row.delivery == Delivery.EMAIL]
    if emails:
        transaction.on_commit(lambda: _queue_emails(emails))
    return len(created)


def _queue_emails(notification_ids: list[int]) -> None:
    from notifications.tasks import send_notification_email

    for notification_id in notification_ids:
        send_notification_email.enqueue(notification_id)


def preferences(user) -> dict[str, str]:
    """{kind: delivery} for every kind: the user's choices, else the defaults."""
    chosen = dict(NotificationPreference.objects.for_user(user).values_list("kind", "delivery"))
    return {name: chosen.get(name, kind.default) for name, kind in KINDS.items()}


@transaction.atomic
def set_preferences(*, user, choices: dict[str, str]) -> None:
    """Record how the user wants each kind delivered (unknown kinds or deliveries: ValueError).
    Notifications made earlier keep the delivery they were made with."""
    for kind, delivery in choices.items():
        if kind not in KINDS or delivery not in Delivery.values:
            raise ValueError(f"Unknown kind or delivery: {kind}={delivery}")
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )


def mark_read(*, user, notification: Notification) -> None:
    """Mark one of the user's notifications read (another person's is left as it is: the page
    finds it among the user's own, so theirs is a 404)."""
    Notification.objects.for_user(user).filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_all_read(*, user) -> int:
    """Mark all the user's unread notifications read; how many were."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())

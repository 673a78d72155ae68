"""E-mails: one notification at once ("email now"), and the daily digest: each person's one
e-mail a day with every registered section that has lines for them and their notifications
waiting for the digest. A DigestSent row per person per day stops a second digest that day."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from notifications import digest as registry
from notifications.kinds import Delivery
from notifications.models import DigestSent, Notification


def absolute(url: str, base_url: str | None = None) -> str:
    """The page's full address for an e-mail: SITE_URL (or base_url) before a path."""
    if url.startswith(("http://", "https://")):
        return url
    base = settings.SITE_URL if base_url is None else base_url
    return f"{base.rstrip('/')}{url}"


def send_notification(notification_id: int) -> bool:
    """E-mail one notification to its person, once (a task run twice sends one e-mail); False
    when there is nothing to send (already sent, no address, the person left)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not (notification.user.is_active and notification.user.email):
            return False
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        context = {
            "notification": notification,
            "link": absolute(notification.url),
            "preferences": absolute(reverse("notifications:preferences")),
        }
        # Inside the transaction: if the mail fails the row is not marked sent.
        send_mail(
            subject=notification.subject,
            message=render_to_string("notifications/email/notification.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.user.email],
        )
    return True


@dataclass
class Digest:
    user: object
    sections: list[tuple[str, list[registry.DigestLine]]] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(lines) for _, lines in self.sections) + len(self.notifications)


def make_notices(today: datetime.date) -> int:
    """Run every registered notice maker (each in its own transaction); how many notices."""
    made = 0
    for maker in registry.notice_makers():
        with transaction.atomic():
            made += maker(today)
    return made


def digests(today: datetime.date) -> list[Digest]:
    """Today's digest of each active person who has something in it and no digest today: one
    query per section, one for the waiting notifications, one for the people."""
    already = set(DigestSent.objects.filter(date=today).values_list("user_id", flat=True))
    found: dict[int, Digest] = defaultdict(lambda: Digest(user=None))
    for section in registry.sections():
        for user_id, lines in section.provider(today).items():
            if lines and user_id not in already:
                found[user_id].sections.append((section.title, list(lines)))
    waiting = (
        Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True)
        .exclude(user_id__in=already)
        .order_by("user_id", "created_at", "pk")
    )
    for notification in waiting:
        found[notification.user_id].notifications.append(notification)
    people = get_user_model().objects.filter(pk__in=list(found), is_active=True)
    result = []
    for person in people.order_by("pk"):
        entry = found[person.pk]
        entry.user = person
        result.append(entry)
    return result


def _subject(today: datetime.date, digest: Digest) -> str:
    count = digest.count
    return f"Your daily digest for {today:%-d %B %Y}: {count} item{'s' if count != 1 else ''}"


def send_digests(*, today: datetime.date, base_url: str | None = None) -> tuple[int, list[str]]:
    """Make today's notices, then send today's digests; returns (how many sent, people
    skipped for want of an address)."""
    make_notices(today)
    sent, skipped = 0, []
    for entry in digests(today):
        person = entry.user
        if not person.email:
            skipped.append(person.get_username())
            continue
        context = {
            "digest": entry,
            "today": today,
            "base_url": (settings.SITE_URL if base_url is None else base_url).rstrip("/"),
        }
        try:
            with transaction.atomic():
                # Recorded first: a concurrent run fails here instead of sending twice; if the
                # mail fails the rows are rolled back and a re-run tries again.
                DigestSent.objects.create(user=person, date=today, line_count=entry.count)
                Notification.objects.filter(pk__in=[n.pk for n in entry.notifications]).update(
                    emailed_at=timezone.now()
                )
                send_mail(
                    subject=_subject(today, entry),
                    message=render_to_string("notifications/email/digest.txt", context),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[person.email],
                )
        except IntegrityError:
            continue
        sent += 1
    return sent, skipped

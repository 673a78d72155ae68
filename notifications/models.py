"""A person's notifications, their choice of delivery per kind, and the daily digest's log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessment.models import Organisation
from assessment.tenancy import organisation_ids
from notifications.kinds import CHOICES, Delivery


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's own notifications (a notification is one person's: a superuser too sees
        only theirs), of organisations they are still an active member of."""
        mine = self.filter(user_id=user.pk)
        ids = organisation_ids(user)
        return mine if ids is None else mine.filter(organisation_id__in=ids)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_list(self):
        return self.order_by("-created_at", "-pk")


class Notification(models.Model):
    """Something one person is told of: a subject, a link to the page, when it was read and
    when it was e-mailed (at once or in the daily digest)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=CHOICES)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, help_text="The page it is about (a path).")
    delivery = models.CharField(max_length=10, choices=Delivery, default=Delivery.EMAIL)
    # Names the event for a notice made by a daily run, so a second run makes no second one.
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"],
                condition=~Q(key=""),
                name="notification_once_per_key",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_idx"),
            # The navigation bar's count, on every page: only the unread rows.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            ),
            # The digest reads the rows waiting for it.
            models.Index(
                fields=["user"],
                condition=Q(delivery="digest", emailed_at__isnull=True),
                name="notification_digest_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreferenceQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's own choices (a superuser's too: they are no one else's to see)."""
        return self.filter(user_id=user.pk)


class NotificationPreference(models.Model):
    """How one person wants one kind delivered (no row: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=CHOICES)
    delivery = models.CharField(max_length=10, choices=Delivery)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notificationpreference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.delivery}"


class DigestSentQuerySet(models.QuerySet):
    def for_user(self, user):
        """The digests sent to the user (a superuser: all). A digest is one person's, whatever
        organisations its lines belong to, so it is scoped by person, not organisation."""
        if user.is_active and user.is_superuser:
            return self
        return self.filter(user_id=user.pk)


class DigestSent(models.Model):
    """One daily digest e-mailed to one person on one day: a second run that day sends none."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    date = models.DateField()
    line_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = DigestSentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="digestsent_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date}"

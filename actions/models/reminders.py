"""Record of reminder digests sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReminderSentQuerySet(models.QuerySet):
    def for_user(self, user):
        """The digests sent to the user (a superuser: all). A digest is one person's, whatever
        organisations its actions belong to, so it is scoped by person, not organisation."""
        if user.is_active and user.is_superuser:
            return self
        return self.filter(user_id=user.pk)


class ReminderSent(models.Model):
    """One digest e-mailed to one owner on one day, so a second run that day sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_reminders"
    )
    date = models.DateField()
    action_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = ReminderSentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="remindersent_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date}"

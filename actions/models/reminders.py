"""Record of reminder digests sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReminderSent(models.Model):
    """One digest e-mailed to one owner on one day, so a second run that day sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_reminders"
    )
    date = models.DateField()
    action_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="remindersent_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date}"

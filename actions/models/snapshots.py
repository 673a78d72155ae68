"""The dashboard chart's history: how the actions stood at the end of past days."""

from __future__ import annotations

from django.db import models


class ActionStatusSnapshot(models.Model):
    """How many actions were complete, open and on time, and open and overdue at the end of
    `date` (a past day). Written once, the first time the dashboard's chart needs that day, and
    never changed afterwards: the chart then shows what was true on the day, and the dashboard
    counts twelve weeks without scanning every action twelve times."""

    date = models.DateField(unique=True)
    complete = models.PositiveIntegerField()
    on_track = models.PositiveIntegerField()
    overdue = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"Actions at the end of {self.date:%d %b %Y}"

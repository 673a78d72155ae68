"""The dashboard chart's history: how each organisation's actions stood at the end of past days."""

from __future__ import annotations

from django.db import models

from assessment.models import Organisation
from assessment.tenancy import ScopedQuerySet


class ActionStatusSnapshotQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"


class ActionStatusSnapshot(models.Model):
    """How many of one organisation's actions were complete, open and on time, and open and
    overdue at the end of `date` (a past day). Written once, the first time the dashboard's
    chart needs that day, and never changed afterwards: the chart then shows what was true on
    the day, and the dashboard counts twelve weeks without scanning every action twelve times.
    Kept per organisation (not one national row per day) so that a member's chart sums only
    the organisations they may see."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="action_snapshots"
    )
    date = models.DateField()
    complete = models.PositiveIntegerField()
    on_track = models.PositiveIntegerField()
    overdue = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ActionStatusSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "date"], name="actionstatussnapshot_one_per_day"
            ),
        ]
        indexes = [models.Index(fields=["date"], name="actionstatussnapshot_date_idx")]

    def __str__(self) -> str:
        return f"{self.organisation}: actions at the end of {self.date:%d %b %Y}"

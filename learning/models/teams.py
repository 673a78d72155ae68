"""Teams of an organisation: the people a learning brief is sent to, by the team they work in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessment.models import Organisation
from assessment.tenancy import ScopedQuerySet


class TeamQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"

    def with_member_count(self):
        """Each team with `member_count`: its members, counted by the database."""
        return self.annotate(member_count=models.Count("members", distinct=True))


class Team(models.Model):
    """A team of the organisation (e.g. "Hospital Discharge and Reablement"), run by its
    managers. A member of the organisation may be in several teams."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120, help_text="As people know it, e.g. “Deaf services”.")
    description = models.TextField(blank=True, help_text="What the team does, where it works.")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="learning_teams",
        help_text="Members of the organisation who work in this team.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                name="learning_team_unique_name",
                violation_error_message="This organisation already has a team of this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("learning:team-update", args=[self.pk])

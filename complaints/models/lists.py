"""The per-organisation lists a complaint is filed under: categories and service areas."""

from django.db import models
from simple_history.models import HistoricalRecords

from assessment.models import Organisation
from assessment.tenancy import ScopedQuerySet


class OrganisationListQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"


class OrganisationListItem(models.Model):
    """A name in a per-organisation list that its managers run (categories, areas): added,
    renamed, merged and retired in the app (complaints/setup_services.py), never deleted."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True, help_text="Inactive names stay on old records.")

    objects = OrganisationListQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return self.name


class ComplaintCategory(OrganisationListItem):
    """What a complaint is about, e.g. "Poor or lack of communication"."""

    history = HistoricalRecords()

    class Meta(OrganisationListItem.Meta):
        verbose_name_plural = "complaint categories"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="complaintcategory_unique_name"
            )
        ]
        default_related_name = "complaint_categories"


class ServiceArea(OrganisationListItem):
    """The service or team complained about, e.g. "Community support"."""

    history = HistoricalRecords()

    class Meta(OrganisationListItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="servicearea_unique_name")
        ]
        default_related_name = "service_areas"

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessment.models import Organisation


class OrganisationListItem(models.Model):
    """A name in a per-organisation list that administrators manage (categories, areas)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True, help_text="Inactive names stay on old records.")

    class Meta:
        abstract = True
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return self.name


class ComplaintCategory(OrganisationListItem):
    """What a complaint is about, e.g. "Poor or lack of communication"."""

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

    class Meta(OrganisationListItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="servicearea_unique_name")
        ]
        default_related_name = "service_areas"


class Complaint(models.Model):
    """One adult social care complaint (2009 statutory regulations, LGSCO guidance)."""

    class Relationship(models.TextChoices):
        PERSON = "person", "The person"
        FAMILY = "family", "Family member"
        CARER = "carer", "Carer"
        ADVOCATE = "advocate", "Advocate"
        PROFESSIONAL = "professional", "Professional"
        OTHER = "other", "Other"

    class Procedure(models.TextChoices):
        STATUTORY = "statutory", "Statutory"
        CORPORATE = "corporate", "Corporate"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESPONDED = "responded", "Responded"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld"
        PARTLY_UPHELD = "partly_upheld", "Partly upheld"
        NOT_UPHELD = "not_upheld", "Not upheld"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class LgscoStatus(models.TextChoices):
        NONE = "none", "Not referred"
        REFERRED = "referred", "Referred"
        DECIDED = "decided", "Decided"

    class LgscoDecision(models.TextChoices):
        UPHELD = "upheld", "Upheld: fault found"
        UPHELD_NO_INJUSTICE = "upheld_no_injustice", "Upheld: fault, no injustice"
        NOT_UPHELD = "not_upheld", "Not upheld: no fault"
        NOT_INVESTIGATED = "not_investigated", "Not investigated"
        PREMATURE = "premature", "Referred back for local resolution"
        CLOSED_AFTER_ENQUIRIES = "closed_after_enquiries", "Closed after initial enquiries"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="complaints"
    )
    reference = models.CharField(max_length=50, help_text="Unique within the organisation.")
    date_received = models.DateField()
    date_acknowledged = models.DateField(null=True, blank=True)
    response_due = models.DateField(null=True, blank=True, verbose_name="agreed response date")
    date_responded = models.DateField(null=True, blank=True)
    relationship = models.CharField(
        max_length=20,
        choices=Relationship,
        default=Relationship.PERSON,
        verbose_name="complainant's relationship to the person",
    )
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    category = models.ForeignKey(
        ComplaintCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    procedure = models.CharField(max_length=20, choices=Procedure, default=Procedure.STATUTORY)
    investigating_officer = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    summary = models.TextField(blank=True)
    learning = models.TextField(blank=True, verbose_name="learning identified")
    lgsco_status = models.CharField(
        max_length=20, choices=LgscoStatus, default=LgscoStatus.NONE, verbose_name="LGSCO referral"
    )
    lgsco_decision = models.CharField(
        max_length=30, choices=LgscoDecision, blank=True, verbose_name="LGSCO decision"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date_received", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="complaint_unique_reference"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "date_received"], name="complaint_org_received_idx"
            ),
            models.Index(fields=["organisation", "status"], name="complaint_org_status_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("findings:complaint-detail", args=[self.pk])

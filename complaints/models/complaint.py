"""A complaint and its reads: the statutory clock per row, financial years, overdue."""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear, Upper
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from assessment.models import Organisation
from assessment.tenancy import ScopedQuerySet
from complaints.models.clock import (
    ACKNOWLEDGE_WITHIN_WORKING_DAYS,
    DaysBetween,
    display_date,
    financial_year_bounds,
    financial_year_label,
    financial_year_of,
    report_years,
    working_days_between,
)
from complaints.models.lists import ComplaintCategory, ServiceArea
from core.validators import not_in_future, within_a_year


def normal_reference(reference: str) -> str:
    """A reference as stored: NFKC-normalised (a full-width "ＡＳＣ－１" is "ASC-1"), spaces
    trimmed and runs of them made one. Two references that differ only in letter case are the
    same complaint's (the unique constraint compares them upper-cased)."""
    return " ".join(unicodedata.normalize("NFKC", reference or "").split())


class ComplaintQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"

    def with_clock(self, today: datetime.date | None = None):
        """Annotate the statutory clock, computed by the database:

        - ack_working_days: working days from receipt to acknowledgement (None if not yet);
        - acknowledged_on_time: acknowledged within 3 working days;
        - days_to_respond: calendar days from receipt to response (None if not yet);
        - is_overdue / days_overdue: still open after the agreed response date;
        - financial_year: the year (1 April to 31 March) the complaint was received in.
        """
        today = today or timezone.localdate()
        return self.annotate(
            ack_working_days=Case(
                When(
                    date_acknowledged__isnull=False,
                    then=working_days_between("date_received", "date_acknowledged"),
                ),
                default=None,
                output_field=IntegerField(),
            ),
            days_to_respond=Case(
                When(
                    date_responded__isnull=False,
                    then=DaysBetween(F("date_received"), F("date_responded")),
                ),
                default=None,
                output_field=IntegerField(),
            ),
            days_overdue=Case(
                When(
                    self._overdue_q(today),
                    then=DaysBetween(F("response_due"), Value(today)),
                ),
                default=None,
                output_field=IntegerField(),
            ),
            financial_year=self.financial_year_expression(),
        ).annotate(
            acknowledged_on_time=Case(
                When(
                    ack_working_days__lte=ACKNOWLEDGE_WITHIN_WORKING_DAYS,
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
            is_overdue=Case(
                When(days_overdue__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )

    @staticmethod
    def financial_year_expression():
        return Case(
            When(date_received__month__gte=4, then=ExtractYear("date_received")),
            default=ExtractYear("date_received") - 1,
            output_field=IntegerField(),
        )

    @staticmethod
    def _overdue_q(today: datetime.date) -> Q:
        return Q(status=Complaint.Status.OPEN, response_due__lt=today)

    def open(self):
        return self.filter(status=Complaint.Status.OPEN)

    def overdue(self, today: datetime.date | None = None):
        """Open complaints past their agreed response date (uses the partial index)."""
        return self.filter(self._overdue_q(today or timezone.localdate()))

    def in_financial_year(self, year: int):
        """Complaints received from 1 April `year` to 31 March `year + 1` (index-friendly)."""
        return self.filter(date_received__range=financial_year_bounds(year))

    def for_list(self, today: datetime.date | None = None):
        return self.select_related("organisation", "category", "service_area").with_clock(today)

    def financial_years(self):
        """The financial years that have complaints, newest first (distinct, in the database).
        Only years a report may show (report_years()): a date stored before the bounds on the
        field existed, such as 31 Dec 9999, is left out rather than offered."""
        years = report_years()
        return (
            self.order_by()
            .filter(
                date_received__range=(
                    financial_year_bounds(years[0])[0],
                    financial_year_bounds(years[-1])[1],
                )
            )
            .annotate(fy=self.financial_year_expression())
            .values_list("fy", flat=True)
            .distinct()
            .order_by("-fy")
        )


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
    date_received = models.DateField(validators=[not_in_future])
    date_acknowledged = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text="Due within 3 working days of receipt.",
    )
    response_due = models.DateField(
        null=True,
        blank=True,
        validators=[within_a_year],
        verbose_name="agreed response date",
        help_text="The date agreed with the complainant for the response.",
    )
    date_responded = models.DateField(null=True, blank=True, validators=[not_in_future])
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
    outcome = models.CharField(
        max_length=20,
        choices=Outcome,
        blank=True,
        help_text=(
            "Required once the complaint is responded to. A complaint closed without a decision "
            "(not investigated, e.g. made out of time or without the person's consent) has none."
        ),
    )
    summary = models.TextField(blank=True)
    learning = models.TextField(blank=True, verbose_name="learning identified")
    lgsco_status = models.CharField(
        max_length=20, choices=LgscoStatus, default=LgscoStatus.NONE, verbose_name="LGSCO referral"
    )
    lgsco_decision = models.CharField(
        max_length=30,
        choices=LgscoDecision,
        blank=True,
        verbose_name="LGSCO decision",
        help_text="Only once the Ombudsman has decided.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit names the version it opened (core.concurrency.check_edit).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-date_received", "-pk"]
        constraints = [
            # "asc-1" and "ASC-1" are one reference (normal_reference says why).
            models.UniqueConstraint(
                "organisation", Upper("reference"), name="complaint_unique_reference"
            ),
            models.CheckConstraint(
                condition=Q(date_acknowledged__isnull=True)
                | Q(date_acknowledged__gte=F("date_received")),
                name="complaint_acknowledged_after_received",
            ),
            models.CheckConstraint(
                condition=Q(date_responded__isnull=True)
                | Q(date_responded__gte=F("date_received")),
                name="complaint_responded_after_received",
            ),
            models.CheckConstraint(
                condition=Q(response_due__isnull=True) | Q(response_due__gte=F("date_received")),
                name="complaint_due_after_received",
            ),
            # A response (regulation 14) states the conclusions: it needs an outcome. An open
            # complaint has none yet; a closed one may have none when it was closed without a
            # decision (not investigated: out of time, no consent, for another body).
            models.CheckConstraint(
                condition=~Q(status="responded") | ~Q(outcome=""),
                name="complaint_outcome_when_responded",
            ),
            models.CheckConstraint(
                condition=Q(lgsco_status="decided") | Q(lgsco_decision=""),
                name="complaint_lgsco_decision_when_decided",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "date_received"], name="complaint_org_received_idx"
            ),
            models.Index(fields=["organisation", "status"], name="complaint_org_status_idx"),
            # The overdue list reads only open complaints by due date: a small partial index.
            models.Index(
                fields=["organisation", "response_due"],
                condition=Q(status="open"),
                name="complaint_open_due_idx",
            ),
            models.Index(fields=["organisation", "outcome"], name="complaint_org_outcome_idx"),
            # The list's default order across all organisations: read backwards, LIMIT 25.
            models.Index(fields=["-date_received", "-id"], name="complaint_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("complaints:complaint-detail", args=[self.pk])

    def clean(self) -> None:
        self.reference = normal_reference(self.reference)
        errors: dict[str, ValidationError] = {}
        received = self.date_received
        if received:
            for field, what in [
                ("date_acknowledged", "acknowledged"),
                ("date_responded", "responded to"),
                ("response_due", "due"),
            ]:
                value = getattr(self, field)
                if value and value < received:
                    errors[field] = ValidationError(
                        f"A complaint cannot be {what} before it was received "
                        f"({display_date(received)}).",
                        code="before_received",
                    )
        if self.status == self.Status.RESPONDED and not self.outcome:
            errors["outcome"] = ValidationError(
                "Give the outcome of a complaint that is responded to (or close it without a "
                "decision if it was not investigated).",
                code="outcome_required",
            )
        if self.lgsco_status == self.LgscoStatus.DECIDED and not self.lgsco_decision:
            errors["lgsco_decision"] = ValidationError(
                "Give the Ombudsman's decision.", code="lgsco_decision_required"
            )
        elif self.lgsco_status != self.LgscoStatus.DECIDED and self.lgsco_decision:
            errors["lgsco_decision"] = ValidationError(
                "An Ombudsman decision can only be recorded once the referral is decided.",
                code="lgsco_decision_not_decided",
            )
        for field in ("category", "service_area"):
            item = getattr(self, field)
            if (
                item is not None
                and self.organisation_id
                and item.organisation_id != (self.organisation_id)
            ):
                errors[field] = ValidationError(
                    f"“{item}” belongs to another organisation.", code="other_organisation"
                )
        if errors:
            raise ValidationError(errors)

    @property
    def closed_without_decision(self) -> bool:
        return self.status == self.Status.CLOSED and not self.outcome

    @property
    def outcome_display(self) -> str:
        """The outcome in words, also when there is none: "None yet" or "No decision"."""
        if self.outcome:
            return self.get_outcome_display()
        return "No decision (closed)" if self.closed_without_decision else "None yet"

    @property
    def financial_year_label(self) -> str:
        return financial_year_label(financial_year_of(self.date_received))

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from assessment.models import Organisation
from core.validators import EARLIEST_DATE, not_in_future, within_a_year

# The statutory acknowledgement deadline (Local Authority Social Services and NHS Complaints
# (England) Regulations 2009, regulation 13): three working days after the day of receipt.
ACKNOWLEDGE_WITHIN_WORKING_DAYS = 3


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of financial year `year`: 1 April `year` to 31 March `year + 1`."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def financial_year_label(year: int) -> str:
    """'2023/24' for the year from 1 April 2023 to 31 March 2024."""
    return f"{year}/{(year + 1) % 100:02d}"


def display_date(date: datetime.date) -> str:
    """The one date format of the complaint pages and messages: '23 Feb 2024' (Django "j M Y")."""
    return f"{date.day} {date:%b %Y}"


def financial_year_of(date: datetime.date) -> int:
    return date.year if date.month >= 4 else date.year - 1


def report_years(today: datetime.date | None = None) -> range:
    """The financial years a report may be asked for: from the one holding the earliest date
    a complaint may have to the one after the current year."""
    today = today or timezone.localdate()
    return range(financial_year_of(EARLIEST_DATE), financial_year_of(today) + 2)


class DaysBetween(Func):
    """Whole calendar days from the first date to the second (end - start), as an integer.

    Django's own date subtraction gives a duration whose SQL differs per backend; we need an
    integer usable in filters, ordering and aggregates on PostgreSQL and SQLite alike.
    """

    arity = 2
    output_field = IntegerField()

    def _compile(self, compiler, template):
        start, end = self.get_source_expressions()
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        return template.format(start=start_sql, end=end_sql), (*start_params, *end_params)

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL (and standard SQL dates): date - date is an integer number of days.
        return self._compile(compiler, "({end} - {start})")

    def as_sqlite(self, compiler, connection, **extra_context):
        return self._compile(compiler, "CAST(julianday({end}) - julianday({start}) AS INTEGER)")


class WorkingDaysBetween(Func):
    """Working days after the first date column, up to and including the second: Monday to
    Friday, less the bank holidays on weekdays in that span (BankHoliday table).

    Days are numbered from the Monday on or before the start, so the start sits at position
    (ISO weekday - 1); weekdays before position p are (p / 7) * 5 + LEAST(p % 7, 5), in integer
    arithmetic that PostgreSQL and SQLite evaluate identically.

    Written as one SQL template rather than a tree of Django expressions: the tree had
    hundreds of nodes, and compiling it cost the complaints list 20 ms per request.
    """

    arity = 2
    output_field = IntegerField()

    def _working_days_sql(self, compiler, connection, *, isodow, least):
        start, end = self.get_source_expressions()
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        span, span_params = compiler.compile(DaysBetween(start, end))
        if start_params or end_params or span_params:
            raise ValueError("WorkingDaysBetween takes two date columns, not values")

        def weekdays_before(position: str) -> str:
            # "%%": the statement goes through parameter substitution, where % is special.
            return f"((({position}) / 7) * 5 + {least}(({position}) %% 7, 5))"

        offset = f"({isodow(start_sql)} - 1)"
        holiday_table = connection.ops.quote_name(BankHoliday._meta.db_table)
        holiday_date = f"bh.{connection.ops.quote_name('date')}"
        holidays = (
            f"(SELECT COUNT(*) FROM {holiday_table} bh WHERE {holiday_date} > {start_sql}"
            f" AND {holiday_date} <= {end_sql} AND {isodow(holiday_date)} <= 5)"
        )
        sql = (
            f"({weekdays_before(f'{offset} + {span} + 1')}"
            f" - {weekdays_before(f'{offset} + 1')} - {holidays})"
        )
        return sql, ()

    def as_sql(self, compiler, connection, **extra_context):
        return self._working_days_sql(
            compiler,
            connection,
            isodow=lambda date: f"CAST(EXTRACT(ISODOW FROM {date}) AS integer)",
            least="LEAST",
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self._working_days_sql(
            compiler,
            connection,
            # strftime('%w'): 0 = Sunday .. 6 = Saturday; ISO: 1 = Monday .. 7 = Sunday.
            isodow=lambda date: f"((CAST(strftime('%%w', {date}) AS INTEGER) + 6) %% 7 + 1)",
            least="MIN",
        )


def working_days_between(start: str, end: str) -> WorkingDaysBetween:
    """Working days after the `start` column, up to and including the `end` column."""
    return WorkingDaysBetween(F(start), F(end))


class BankHoliday(models.Model):
    """A bank holiday in England: not a working day for the acknowledgement clock."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({display_date(self.date)})"


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


class ComplaintQuerySet(models.QuerySet):
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

    history = HistoricalRecords()
    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-date_received", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="complaint_unique_reference"
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
        return reverse("findings:complaint-detail", args=[self.pk])

    def clean(self) -> None:
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

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessment import roles, scoring
from assessment.members.models import Invitation  # noqa: F401 (an assessment app model)
from assessment.tenancy import ScopedQuerySet
from core.validators import within_a_year


class Framework(models.Model):
    """An inspectorate's framework: themes of quality statements. Loaded from a data file."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200, blank=True)
    version = models.CharField(max_length=50, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="themes")
    order = models.PositiveSmallIntegerField()
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "order"], name="theme_unique_order"),
            models.UniqueConstraint(fields=["framework", "slug"], name="theme_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.title


class QualityStatementQuerySet(models.QuerySet):
    def in_order(self):
        """Statements in the framework's published order (theme, then position)."""
        return self.select_related("theme").order_by("theme__order", "order")


class QualityStatement(models.Model):
    # The framework is also reachable through the theme; it is kept here so that a statement's
    # slug can be unique within its framework (it appears in URLs).
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="statements")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="statements")
    order = models.PositiveSmallIntegerField(help_text="Position within the framework, from 1.")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    commitment = models.TextField(help_text='The "we statement" printed in published reports.')
    i_statements = models.JSONField(
        default=list, blank=True, help_text='What people expect ("I statements"), one per entry.'
    )
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other wordings of the title used in reports."
    )
    topic_headings = models.JSONField(
        default=list,
        blank=True,
        help_text="Topic headings reports usually print under the key findings.",
    )

    objects = QualityStatementQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "order"], name="statement_unique_order"),
            models.UniqueConstraint(fields=["framework", "slug"], name="statement_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.theme_id and self.framework_id and self.theme.framework_id != self.framework_id:
            raise ValidationError(
                {"theme": "The theme belongs to another framework."}, code="theme_framework"
            )


class OrganisationQuerySet(ScopedQuerySet):
    organisation_lookup = "pk"


class Organisation(models.Model):
    """The assessed body, e.g. a council's adult social care: a tenant. Its members see its
    records and nobody else's (Membership)."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        PROVIDER = "provider", "Care provider"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind, default=Kind.LOCAL_AUTHORITY)
    code = models.CharField(
        max_length=20, blank=True, help_text="An identifier such as the ONS code (optional)."
    )
    region = models.CharField(max_length=100, blank=True)
    default_response_working_days = models.PositiveSmallIntegerField(
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        verbose_name="default response time (working days)",
        help_text="A new complaint's agreed response date: this many working days after it "
        "was received, unless agreed otherwise.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: an edit names the version it opened (core.concurrency.check_edit).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessment:organisation-detail", args=[self.pk])


class MembershipQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"

    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    """A user's role in one organisation. A user may be a member of several organisations,
    with one role in each; a deactivated member keeps the row (and their name on past records)
    but loses access to the organisation."""

    class Role(models.TextChoices):
        OFFICER = roles.OFFICER, "Officer"
        MANAGER = roles.MANAGER, "Manager"
        VIEWER = roles.VIEWER, "Viewer"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=20, choices=Role, help_text="What the member may do in this organisation."
    )
    is_active = models.BooleanField(
        default=True, help_text="Deactivated members lose access but stay on past records."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_org"
            ),
            models.CheckConstraint(
                condition=Q(role__in=list(roles.ROLES)), name="membership_role_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "role", "is_active"], name="membership_org_role_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display().lower()}, {self.organisation})"


class AssessmentQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"

    def with_results(self):
        """Annotate score_total, scored_count and statement_count, summed by the database.

        Correlated subqueries rather than a join and GROUP BY: only the rows a page shows are
        summed (the dashboard's five latest, a list's page), not every assessment first."""
        scores = (
            StatementScore.objects.filter(assessment=OuterRef("pk"), score__isnull=False)
            .order_by()
            .values("assessment")
        )
        statement_count = (
            QualityStatement.objects.filter(framework=OuterRef("framework"))
            .order_by()
            .values("framework")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            score_total=Coalesce(Subquery(scores.annotate(total=Sum("score")).values("total")), 0),
            scored_count=Coalesce(Subquery(scores.annotate(n=Count("pk")).values("n")), 0),
            statement_count=Coalesce(Subquery(statement_count), 0),
        )

    def for_list(self):
        # Aggregating queries ignore Meta.ordering: order explicitly so pages are stable.
        return (
            self.select_related("organisation", "framework", "lead")
            .with_results()
            .order_by("-created_at", "-pk")
        )


class Assessment(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        REPORT_DRAFTED = "report_drafted", "Report drafted"
        PUBLISHED = "published", "Published"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assessments"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    title = models.CharField(max_length=200, help_text='For example "Adult social care 2024".')
    status = models.CharField(max_length=20, choices=Status, default=Status.PLANNED)
    start_date = models.DateField(
        null=True,
        blank=True,
        validators=[within_a_year],
        help_text="When assessment activity started.",
    )
    end_date = models.DateField(
        null=True,
        blank=True,
        validators=[within_a_year],
        help_text="When assessment activity ended.",
    )
    published_date = models.DateField(
        null=True,
        blank=True,
        validators=[within_a_year],
        help_text="When the inspectorate published its report.",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_assessments",
        help_text="The officer who leads the council's response.",
    )
    indicative = models.BooleanField(
        default=False,
        help_text="Pilot assessments (2023) carry indicative scores, not formal ones.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit names the version it opened (core.concurrency.check_edit).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="assessment_org_status_idx"),
            models.Index(fields=["status"], name="assessment_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="assessment_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(published_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(published_date__gte=models.F("start_date")),
                name="assessment_published_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:assessment-detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ValidationError(
                "The end date must be on or after the start date.", code="end_before_start"
            )
        if self.start_date and self.published_date and self.published_date < self.start_date:
            errors["published_date"] = ValidationError(
                "The report cannot be published before the assessment started.",
                code="published_before_start",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def result(self) -> scoring.ScoreResult:
        """The overall result. Uses the with_results() annotations when present."""
        if not hasattr(self, "score_total"):
            totals = self.scores.aggregate(
                score_total=Coalesce(Sum("score"), 0), scored_count=Count("score")
            )
            self.score_total = totals["score_total"]
            self.scored_count = totals["scored_count"]
            self.statement_count = self.framework.statements.count()
        return scoring.result_from_totals(
            total=self.score_total, scored=self.scored_count, expected=self.statement_count
        )


class StatementScoreQuerySet(ScopedQuerySet):
    organisation_lookup = "assessment__organisation"

    def in_order(self):
        return self.select_related("statement__theme").order_by(
            "statement__theme__order", "statement__order"
        )


class StatementScore(models.Model):
    """One quality statement's score within one assessment (1-4, or not yet scored)."""

    class Score(models.IntegerChoices):
        SIGNIFICANT_SHORTFALLS = 1, f"1 - {scoring.SCORE_LABELS[1]}"
        SOME_SHORTFALLS = 2, f"2 - {scoring.SCORE_LABELS[2]}"
        GOOD_STANDARD = 3, f"3 - {scoring.SCORE_LABELS[3]}"
        EXCEPTIONAL_STANDARD = 4, f"4 - {scoring.SCORE_LABELS[4]}"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    statement = models.ForeignKey(QualityStatement, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(
        choices=Score, null=True, blank=True, help_text="Leave empty while not yet scored."
    )
    summary = models.TextField(
        blank=True, help_text="Why this score: the summary the report gives for the statement."
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: a save names the version it edited (services.set_statement_score).
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = StatementScoreQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "statement__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "statement"], name="score_unique_assessment_statement"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=4),
                name="score_between_1_and_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse(
            "assessment:statement-detail", args=[self.assessment_id, self.statement.slug]
        )

    def clean(self) -> None:
        if (
            self.assessment_id
            and self.statement_id
            and self.statement.framework_id != self.assessment.framework_id
        ):
            raise ValidationError(
                {"statement": "This statement is not part of the assessment's framework."},
                code="statement_framework",
            )

    @property
    def label(self) -> str:
        return scoring.score_label(self.score)


# Kept by the database's triggers: see data_versions.py.
from assessment.data_versions import DataVersion  # noqa: E402, F401

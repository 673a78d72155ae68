"""Action plans and their workflow log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from assessment.models import Assessment, Organisation
from assessment.tenancy import ScopedQuerySet


class ActionPlanQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"

    def for_list(self):
        """Plans with their organisation, assessment and owner, and action counts (one query).

        The counts are correlated subqueries rather than a join with GROUP BY, so PostgreSQL
        counts only for the rows a page shows, not for every plan before the LIMIT.
        """
        # The actions' model through the reverse relation: items.py imports this module.
        Action = self.model._meta.get_field("actions").related_model  # noqa: N806

        def count(queryset):
            return models.Subquery(
                queryset.filter(plan=models.OuterRef("pk"))
                .order_by()
                .values("plan")
                .annotate(n=models.Count("pk"))
                .values("n"),
                output_field=models.IntegerField(),
            )

        return (
            self.select_related("organisation", "assessment", "owner")
            .annotate(
                action_count=Coalesce(count(Action.objects.all()), 0),
                open_count=Coalesce(count(Action.objects.exclude(status="complete")), 0),
            )
            .order_by("-updated_at", "-pk")
        )

    def awaiting_approval(self):
        return self.filter(status=ActionPlan.Status.SUBMITTED)

    def accepting_actions(self):
        """Plans that someone may still add actions to: not submitted (frozen while a manager
        reviews it) nor closed. Whether a given user may is actions.rules.can_add_action."""
        return self.exclude(status__in=ActionPlan.FROZEN_STATUSES)


class ActionPlan(models.Model):
    """A council's plan answering an assessment's findings (or complaints) with actions."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for approval"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="action_plans"
    )
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        help_text="The assessment whose findings the plan answers (optional).",
    )
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, help_text="What the plan sets out to change, and why.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_action_plans",
        help_text="The manager accountable for the plan. Needed before it is submitted.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit names the version it opened (core.concurrency.check_edit).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ActionPlanQuerySet.as_manager()

    # Statuses in which nobody may change the plan or its actions (see actions/rules.py).
    FROZEN_STATUSES = (Status.SUBMITTED, Status.CLOSED)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        permissions = [
            ("approve_actionplan", "Can approve or return action plans"),
            ("close_actionplan", "Can close action plans"),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="actionplan_org_status_idx"),
            # The plan list's default order, read backwards with LIMIT.
            models.Index(fields=["-updated_at", "-id"], name="actionplan_recent_idx"),
            models.Index(fields=["status"], name="actionplan_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "approved", "closed"]),
                name="actionplan_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:plan-detail", args=[self.pk])

    def clean(self) -> None:
        if (
            self.assessment_id
            and self.organisation_id
            and self.assessment.organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"assessment": "The assessment belongs to another organisation."},
                code="assessment_organisation",
            )


class PlanTransitionQuerySet(ScopedQuerySet):
    organisation_lookup = "plan__organisation"


class PlanTransition(models.Model):
    """One step of a plan's workflow: who moved it, from what to what, when, and why."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ActionPlan.Status)
    to_status = models.CharField(max_length=20, choices=ActionPlan.Status)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    objects = PlanTransitionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "at", "pk"]
        indexes = [models.Index(fields=["plan", "at"], name="plantransition_plan_at_idx")]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_from_status_display()} → {self.get_to_status_display()}"

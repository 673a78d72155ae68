from django.contrib import admin
from django.db import models

from actions.models import (
    Action,
    ActionPlan,
    ActionStatusSnapshot,
    EffectivenessReview,
    FeedbackSource,
    PlanTransition,
    ProgressUpdate,
    PublicWording,
)
from core.admin_audit import HistoryAdmin, ReadOnlyAdminMixin


class PlanTransitionInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The plan's workflow log: written by services.transition_plan, only read here."""

    model = PlanTransition
    extra = 0


# Plans, actions and reviews are read-only here: every change goes through the application's
# services, which enforce the workflow (a submitted plan and its actions are frozen for
# everyone) and keep its trail; a delete here would cascade through the plan's transitions and
# the actions' progress updates and erase that trail.
@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["title", "organisation", "assessment", "owner", "status", "updated_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["title", "purpose"]
    list_select_related = ["organisation", "assessment", "owner"]
    # Status moves only through the workflow (services.transition_plan), which logs it.
    readonly_fields = ["status"]
    raw_id_fields = ["owner", "created_by"]
    inlines = [PlanTransitionInline]


class ProgressUpdateInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The action's status log: posted through the progress form, only read here."""

    model = ProgressUpdate
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Action)
class ActionAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["title", "plan", "owner", "due_date", "status", "priority"]
    list_filter = ["status", "priority"]
    search_fields = ["title", "description"]
    list_select_related = ["plan", "owner"]
    readonly_fields = [
        "status",
        "completed_on",
        "percent_complete",
        "verified_by",
        "verified_at",
        "verification_note",
    ]
    raw_id_fields = ["plan", "owner", "created_by", "follow_up_of"]
    filter_horizontal = ["complaint_categories"]
    # Findings and complaints can number thousands: they are linked on the action's page.
    exclude = ["findings", "complaints"]
    inlines = [ProgressUpdateInline]


@admin.register(EffectivenessReview)
class EffectivenessReviewAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["action", "outcome", "reviewer", "date"]
    list_filter = ["outcome"]
    list_select_related = ["action", "reviewer"]
    raw_id_fields = ["action", "reviewer"]


# "You said, we did": approval (and its return to draft on an edit) happens only through
# actions.services.public, so wording is read here, never changed.
@admin.register(PublicWording)
class PublicWordingAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["review", "status", "approved_by", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["review__action", "approved_by"]
    raw_id_fields = ["review"]


@admin.register(FeedbackSource)
class FeedbackSourceAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["name", "kind", "organisation", "updated_at"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name"]
    list_select_related = ["organisation"]


@admin.register(ActionStatusSnapshot)
class ActionStatusSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The chart's history is recorded by the dashboard, never edited."""

    list_display = ["date", "organisation", "complete", "on_track", "overdue", "recorded_at"]
    list_filter = ["organisation"]
    list_select_related = ["organisation"]
    date_hierarchy = "date"

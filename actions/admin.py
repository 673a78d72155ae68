from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actions.models import (
    Action,
    ActionPlan,
    ActionStatusSnapshot,
    EffectivenessReview,
    PlanTransition,
    ProgressUpdate,
    ReminderSent,
)


class PlanTransitionInline(admin.TabularInline):
    model = PlanTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "comment"]
    can_delete = False


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "assessment", "owner", "status", "updated_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["title", "purpose"]
    list_select_related = ["organisation", "assessment", "owner"]
    # Status moves only through the workflow (services.transition_plan), which logs it.
    readonly_fields = ["status"]
    raw_id_fields = ["owner", "created_by"]
    inlines = [PlanTransitionInline]


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    readonly_fields = ["date", "author", "text", "status_from", "status_to", "percent"]
    can_delete = False


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "owner", "due_date", "status", "priority"]
    list_filter = ["status", "priority"]
    search_fields = ["title", "description"]
    list_select_related = ["plan", "owner"]
    readonly_fields = ["status", "completed_on", "percent_complete"]
    raw_id_fields = ["plan", "owner", "created_by", "follow_up_of"]
    filter_horizontal = ["complaint_categories"]
    # Findings and complaints can number thousands: they are linked on the action's page.
    exclude = ["findings", "complaints"]
    inlines = [ProgressUpdateInline]


@admin.register(EffectivenessReview)
class EffectivenessReviewAdmin(SimpleHistoryAdmin):
    list_display = ["action", "outcome", "reviewer", "date"]
    list_filter = ["outcome"]
    list_select_related = ["action", "reviewer"]
    raw_id_fields = ["action", "reviewer"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["user", "date", "action_count", "sent_at"]
    list_select_related = ["user"]


@admin.register(ActionStatusSnapshot)
class ActionStatusSnapshotAdmin(admin.ModelAdmin):
    """Read-only: the chart's history is recorded by the dashboard, never edited."""

    list_display = ["date", "complete", "on_track", "overdue", "recorded_at"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

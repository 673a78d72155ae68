from django.contrib import admin

from core.admin_audit import ReadOnlyAdminMixin
from jobs.models import Job, ScheduledRun


@admin.register(Job)
class JobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: a job's record is written by the engine as it runs."""

    list_display = ["pk", "title", "kind", "status", "started_by", "created_at", "attempts"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "started_by__username"]
    list_select_related = ["started_by"]
    date_hierarchy = "created_at"


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slot", "job", "created_at"]
    list_filter = ["name"]

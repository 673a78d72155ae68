from django.contrib import admin

from core.admin_audit import HistoryAdmin
from findings.models import Evidence, EvidenceVersion, Finding, Topic


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ["order", "text", "source", "evidence_category", "judgement"]
    show_change_link = True


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "statement", "assessment", "order"]
    list_filter = ["statement__framework", "statement"]
    search_fields = ["title", "assessment__title", "assessment__organisation__name"]
    list_select_related = ["statement", "assessment__organisation"]
    autocomplete_fields = ["assessment", "statement"]
    inlines = [FindingInline]


@admin.register(Finding)
class FindingAdmin(HistoryAdmin):
    list_display = ["short_text", "topic", "statement", "organisation", "source", "judgement"]
    list_filter = ["judgement", "source", "evidence_category", "topic__statement"]
    search_fields = ["text", "topic__title", "topic__assessment__organisation__name"]
    list_select_related = ["topic__statement", "topic__assessment__organisation"]
    autocomplete_fields = ["topic", "recorded_by"]
    readonly_fields = ["recorded_at", "updated_at", "version"]

    @admin.display(description="Finding")
    def short_text(self, obj):
        return str(obj)

    @admin.display(description="Statement", ordering="topic__statement__order")
    def statement(self, obj):
        return obj.topic.statement

    @admin.display(description="Organisation")
    def organisation(self, obj):
        return obj.topic.assessment.organisation


class EvidenceVersionInline(admin.TabularInline):
    """Every upload, read-only: a version is never replaced."""

    model = EvidenceVersion
    extra = 0
    can_delete = False
    fields = ["number", "original_filename", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin):
    inlines = [EvidenceVersionInline]
    list_display = ["title", "kind", "date", "organisation", "owner", "review_date", "size"]
    list_filter = ["kind"]
    search_fields = ["title", "description", "original_filename"]
    list_select_related = ["organisation", "owner"]
    autocomplete_fields = ["organisation", "findings", "owner", "added_by"]
    readonly_fields = ["original_filename", "content_type", "size", "created_at"]

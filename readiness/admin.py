from django.contrib import admin

from core.admin_audit import HistoryAdmin, ReadOnlyAdminMixin
from readiness.models import (
    Metric,
    MetricList,
    MetricValue,
    SelfAssessmentEvidence,
    SelfAssessmentSummary,
    StatementSelfAssessment,
)


class EvidenceLinkInline(admin.TabularInline):
    model = SelfAssessmentEvidence
    extra = 0
    autocomplete_fields = ["evidence"]


@admin.register(StatementSelfAssessment)
class StatementSelfAssessmentAdmin(HistoryAdmin):
    list_display = ["statement", "assessment", "score", "updated_at"]
    list_filter = ["score", "score_record__statement"]
    search_fields = ["narrative", "score_record__assessment__title"]
    list_select_related = ["score_record__statement", "score_record__assessment__organisation"]
    readonly_fields = ["score_record", "updated_by", "updated_at", "version"]
    inlines = [EvidenceLinkInline]

    @admin.display(description="Statement", ordering="score_record__statement__order")
    def statement(self, obj):
        return obj.score_record.statement

    @admin.display(description="Assessment")
    def assessment(self, obj):
        return obj.score_record.assessment


@admin.register(SelfAssessmentSummary)
class SelfAssessmentSummaryAdmin(HistoryAdmin):
    list_display = ["assessment", "updated_at"]
    list_select_related = ["assessment__organisation"]
    readonly_fields = ["assessment", "updated_by", "updated_at", "version"]


class MetricInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Metric
    fields = ["order", "statement", "evidence_category", "source", "name", "unit"]


@admin.register(MetricList)
class MetricListAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Loaded from its data file (load_metrics): read here, changed in the file."""

    list_display = ["title", "page_date", "retrieved", "complete"]
    inlines = [MetricInline]


@admin.register(Metric)
class MetricAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "statement", "evidence_category", "source", "unit"]
    list_filter = ["statement", "evidence_category", "source_full"]
    search_fields = ["name"]
    list_select_related = ["statement"]


@admin.register(MetricValue)
class MetricValueAdmin(HistoryAdmin):
    list_display = ["metric", "organisation", "period_label", "value", "target"]
    list_filter = ["metric__statement"]
    search_fields = ["metric__name", "organisation__name"]
    list_select_related = ["metric", "organisation"]
    autocomplete_fields = ["organisation", "entered_by"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description="Period", ordering="period_start")
    def period_label(self, obj):
        return obj.period_label

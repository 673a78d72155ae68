"""Learning records in Django admin, read-only: every change goes through the services, which
keep the rules (an audience fixed at publishing, one acknowledgement each, a follow-up for
learning not embedded, a recommendation closed only once its briefs are checked)."""

from django.contrib import admin

from core.admin_audit import HistoryAdmin, ReadOnlyAdminMixin
from learning.models import (
    Acknowledgement,
    EffectivenessCheck,
    LearningBrief,
    SafeguardingAdultsReview,
    SARRecommendation,
    Team,
)


@admin.register(Team)
class TeamAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    list_select_related = ["organisation"]


@admin.register(SafeguardingAdultsReview)
class ReviewAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["title", "organisation", "board", "published"]
    list_filter = ["organisation"]
    search_fields = ["title", "summary"]
    list_select_related = ["organisation"]


@admin.register(SARRecommendation)
class RecommendationAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["__str__", "owner", "status"]
    list_filter = ["status"]
    list_select_related = ["review", "owner"]


@admin.register(LearningBrief)
class BriefAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["title", "organisation", "status", "published_at", "acknowledge_by"]
    list_filter = ["status", "organisation"]
    search_fields = ["title"]
    list_select_related = ["organisation"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["brief", "person", "at"]
    list_select_related = ["brief", "person"]


@admin.register(EffectivenessCheck)
class CheckAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["brief", "date", "method", "result"]
    list_filter = ["result", "method"]
    list_select_related = ["brief"]

"""Admin for complaints and the per-organisation lists behind them (categories, service areas),
and the bank holidays the acknowledgement clock skips."""

from django.contrib import admin

from core.admin_audit import HistoryAdmin
from findings.models import Complaint, ComplaintCategory, ServiceArea
from findings.models.complaints import BankHoliday


@admin.register(ComplaintCategory)
class ComplaintCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "active"]
    list_filter = ["active", "organisation"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "active"]
    list_filter = ["active", "organisation"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(Complaint)
class ComplaintAdmin(HistoryAdmin):
    list_display = [
        "reference",
        "organisation",
        "date_received",
        "category",
        "service_area",
        "status",
        "outcome",
        "lgsco_status",
    ]
    list_filter = ["status", "outcome", "procedure", "lgsco_status", "organisation"]
    search_fields = ["reference", "summary", "learning", "investigating_officer"]
    list_select_related = ["organisation", "category", "service_area"]
    date_hierarchy = "date_received"
    readonly_fields = ["created_at", "updated_at"]


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"

"""Admin for complaints and the per-organisation lists behind them (categories, service areas),
and the bank holidays the acknowledgement clock skips."""

from django.contrib import admin

from complaints.bank_holidays import ensure_dates
from complaints.models import (
    BankHoliday,
    BankHolidayYear,
    Complaint,
    ComplaintCategory,
    ServiceArea,
)
from complaints.services import CLOCK_DATES
from core.admin_audit import HistoryAdmin, ReadOnlyAdminMixin


@admin.register(ComplaintCategory)
class ComplaintCategoryAdmin(HistoryAdmin):
    list_display = ["name", "organisation", "active"]
    list_filter = ["active", "organisation"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(HistoryAdmin):
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

    def save_model(self, request, obj, form, change):
        ensure_dates(getattr(obj, field) for field in CLOCK_DATES)
        super().save_model(request, obj, form, change)


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin):
    """Add a local holiday or remove a bank holiday the council works: filled years are never
    filled again unless asked (sync_bank_holidays --replace), so the change stays."""

    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(BankHolidayYear)
class BankHolidayYearAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Which years are filled: written by the sync (complaints/bank_holidays.py) only."""

    list_display = ["year", "filled_at"]

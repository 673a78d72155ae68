from django.contrib import admin

from core.admin_audit import ReadOnlyAdminMixin
from notifications.models import DigestSent, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Made by the apps' events (services.notify), read by their person: only looked at here."""

    list_display = ["subject", "user", "organisation", "kind", "delivery", "created_at", "read_at"]
    list_filter = ["kind", "delivery", "organisation"]
    list_select_related = ["user", "organisation"]
    search_fields = ["subject"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Each person's own choice, made on their preferences page."""

    list_display = ["user", "kind", "delivery"]
    list_select_related = ["user"]


@admin.register(DigestSent)
class DigestSentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What was e-mailed to whom: the daily run reads it to send no digest twice."""

    list_display = ["user", "date", "line_count", "sent_at"]
    list_select_related = ["user"]

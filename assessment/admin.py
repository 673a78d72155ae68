from django.contrib import admin

from assessment.members.models import Invitation
from assessment.models import (
    Assessment,
    Framework,
    Membership,
    Organisation,
    QualityStatement,
    StatementScore,
    Theme,
)
from core.admin_audit import HistoryAdmin, ReadOnlyAdminMixin


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["order", "slug", "title"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "publisher", "version"]
    search_fields = ["name", "slug", "publisher"]
    inlines = [ThemeInline]


class QualityStatementInline(admin.StackedInline):
    model = QualityStatement
    extra = 0
    fields = ["order", "slug", "title", "commitment", "i_statements", "aliases"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "framework", "order"]
    list_filter = ["framework"]
    search_fields = ["title"]
    inlines = [QualityStatementInline]

    def save_formset(self, request, form, formset, change):
        # Statements added inline belong to the theme's framework.
        for instance in formset.save(commit=False):
            instance.framework_id = form.instance.framework_id
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(QualityStatement)
class QualityStatementAdmin(admin.ModelAdmin):
    list_display = ["order", "title", "theme", "framework"]
    list_display_links = ["title"]
    list_filter = ["framework", "theme"]
    search_fields = ["title", "commitment", "aliases"]
    list_select_related = ["theme", "framework"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "code", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    """Who is a member of which organisation, in what role (deactivate rather than delete:
    the row keeps their name on past records)."""

    list_display = ["user", "organisation", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = ["created_at", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class StatementScoreInline(admin.TabularInline):
    model = StatementScore
    extra = 0
    fields = ["statement", "score", "summary"]
    autocomplete_fields = ["statement"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("statement")


@admin.register(Assessment)
class AssessmentAdmin(HistoryAdmin):
    list_display = ["title", "organisation", "framework", "status", "start_date", "lead"]
    list_filter = ["status", "framework", "organisation", "indicative"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation", "framework", "lead"]
    autocomplete_fields = ["organisation", "lead"]
    date_hierarchy = "start_date"
    inlines = [StatementScoreInline]


@admin.register(StatementScore)
class StatementScoreAdmin(HistoryAdmin):
    list_display = ["assessment", "statement", "score", "updated_at"]
    list_filter = ["score", "statement__framework", "statement"]
    search_fields = ["assessment__title", "assessment__organisation__name", "statement__title"]
    list_select_related = ["assessment__organisation", "statement"]
    autocomplete_fields = ["assessment", "statement"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who invited whom, and what became of it (read only: managers invite from the
    organisation's members page, which e-mails the link)."""

    list_display = ["email", "organisation", "role", "created_by", "created_at", "expires_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation", "created_by"]
    exclude = ["token_digest"]

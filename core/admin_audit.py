"""Admin for audit records: they may be read there, never invented, edited or erased.

Plan transitions, progress updates, status snapshots, reminder logs and simple-history rows
are written by the services as things happen; a trail that admin could change would prove
nothing. Every app's admin takes these two classes from here, so the rule is in one place.
"""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdminMixin:
    """View only, for a ModelAdmin or an inline: no add (so no "Add another"), no change,
    no delete (so no bulk "delete selected"). Django answers 403 to each of those requests."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin with its history viewable but never reverted.

    A revert saves the old row's every field straight onto the record, past the workflow that
    owns fields like a plan's status (so no transition is logged). simple-history's
    SIMPLE_HISTORY_REVERT_DISABLED only hides the button: its view still saves a POST, so the
    view itself refuses one here.
    """

    # simple-history's own list has an inline style, which the CSP blocks.
    object_history_list_template = "admin/history_list.html"

    def has_change_history_permission(self, request, obj=None):
        # Read by simple-history to title the page "View" and hide the Revert button.
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("History can be read, not reverted.")
        return super().history_form_view(request, object_id, version_id, extra_context)

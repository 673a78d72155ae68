"""Action lists, unanswered shortfalls and "You said, we did"."""

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from actions import selectors
from actions.filters import ActionFilter, DueSoonActionFilter, OverdueActionFilter
from actions.models import AMBER_DAYS, Action
from assessment.models import Assessment, Organisation
from core.exports import Column, ExportMixin
from core.params import id_param, int_param
from core.people import display_name
from core.views import PagedFilterView

ACTION_COLUMNS = [
    Column("ID", "number", 8),
    Column("Organisation", width=28),
    Column("Plan", width=32),
    Column("Action", width=48),
    Column("Owner", width=20),
    Column("Due", "date", 12),
    Column("Status", width=13),
    Column("RAG", width=7),
    Column("Priority", "number", 9),
    Column("Percent complete", "number", 10),
    Column("Completed on", "date", 12),
    Column("Review", width=16),
    Column("How we will know it worked", width=48),
]


class ActionListView(ExportMixin, PagedFilterView):
    estimate_counts = True
    """Every action, filterable (the dashboard's figures link here with their filter)."""

    permission_required = "actions.view_action"
    export_name = "actions"
    export_title = "Actions"
    export_columns = ACTION_COLUMNS
    filterset_class = ActionFilter
    template_name = "actions/action_list.html"
    heading = "All actions"
    intro = ""
    tab = "all"

    def get_queryset(self):
        return Action.objects.for_user(self.request.user).for_list()

    def get_heading(self) -> str:
        return self.heading

    def export_rows(self, queryset):
        status = dict(Action.Status.choices)
        rows = queryset.prefetch_related(None).values_list(
            "pk",
            "plan__organisation__name",
            "plan__title",
            "title",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
            "due_date",
            "status",
            "rag",
            "priority",
            "percent_complete",
            "completed_on",
            "review__outcome",
            "success_measure",
        )
        for pk, organisation, plan, title, first, last, username, *rest in rows.iterator(
            chunk_size=2000
        ):
            due, state, rag, priority, percent, completed, review, measure = rest
            outcome = (review or "").replace("_", " ").capitalize()
            if review and review != "effective":
                rag = f"reviewed {outcome.lower()}"  # not "green": it did not (fully) work
            yield (
                pk,
                organisation,
                plan,
                title,
                display_name(first, last, username),
                due,
                status.get(state, state),
                (rag or "").capitalize(),
                priority,
                percent,
                completed,
                outcome,
                measure,
            )

    def get_intro(self) -> str:
        return self.intro

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "heading": self.get_heading(),
            "intro": self.get_intro(),
            "tab": self.tab,
            "amber_days": AMBER_DAYS,
            "due_days": self.due_days(),
        }

    def due_days(self) -> int:
        """The window the "Due in N days" tab shows: the default unless that page is open."""
        return AMBER_DAYS


class MyActionsView(ActionListView):
    heading = "My actions"
    intro = "Actions you own, soonest due first."
    tab = "mine"

    def get_queryset(self):
        return super().get_queryset().filter(owner=self.request.user)


class OverdueActionsView(ActionListView):
    heading = "Overdue actions"
    intro = "Open actions whose due date has passed."
    tab = "overdue"
    filterset_class = OverdueActionFilter

    def get_queryset(self):
        return super().get_queryset().overdue()


class DueSoonActionsView(ActionListView):
    """Open actions due from today to `?days=` ahead (default: the amber window, 14 days)."""

    tab = "due-soon"
    filterset_class = DueSoonActionFilter

    @property
    def days(self) -> int:
        low, high = DueSoonActionFilter.DAYS_RANGE
        return int_param(self.request.GET, "days", default=AMBER_DAYS, minimum=low, maximum=high)

    def due_days(self) -> int:
        return self.days

    def get_heading(self) -> str:
        return f"Actions due in the next {self.days} days"

    def get_intro(self) -> str:
        return (
            f"Open actions due from today to {self.days} days ahead (not the overdue ones). "
            f"Amber means due within {AMBER_DAYS} days."
        )

    def get_queryset(self):
        return super().get_queryset().due_within(self.days)


class UnansweredShortfallsView(PermissionRequiredMixin, ListView):
    """Shortfall findings that no action answers, optionally for one assessment."""

    permission_required = ("actions.view_action", "findings.view_finding")
    paginate_by = settings.PAGE_SIZE
    template_name = "actions/unanswered_shortfalls.html"

    def get_queryset(self):
        user = self.request.user
        findings = selectors.unanswered_shortfalls(user).select_related(
            "topic__assessment__organisation", "topic__statement"
        )
        self.assessment = None
        if (pk := id_param(self.request.GET, "assessment")) is not None:
            self.assessment = get_object_or_404(Assessment.objects.for_user(user), pk=pk)
            findings = findings.filter(topic__assessment=self.assessment)
        return findings.order_by(
            "topic__assessment_id", "topic__statement__order", "topic__order", "order", "pk"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"assessment": self.assessment}


class YouSaidWeDidView(PermissionRequiredMixin, DetailView):
    """Printable: what people and inspectors told the organisation, and what it did."""

    permission_required = "actions.view_action"
    template_name = "actions/you_said_we_did.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.for_user(self.request.user, self.permission_required)

    def get_context_data(self, **kwargs):
        return (
            super().get_context_data(**kwargs)
            | selectors.you_said_we_did(self.object)
            | {"today": timezone.localdate()}
        )

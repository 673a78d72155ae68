"""Complaint pages: list (filters, search, CSV export), create/edit/detail and import, each
reading only the user's organisations' complaints (the annual report: report_views.py)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.views import View
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    FormView,
    UpdateView,
)

from assessment.models import Organisation
from complaints import importer, selectors
from complaints.filters import ComplaintFilter
from complaints.forms import ComplaintForm, ComplaintImportForm
from complaints.models import Complaint
from complaints.models.clock import financial_year_label
from complaints.services import default_response_due, delete_complaint, save_complaint
from complaints.tasks import duplicate_message, start_complaints_import
from core.concurrency import EditConflict, EditConflictMixin
from core.exports import Column, ExportMixin, export_response
from core.params import id_param
from core.views import PagedFilterView

SEE = "Your role does not allow you to see complaints."
RECORD = "Your role does not allow you to record complaints."
EDIT = "Your role does not allow you to edit complaints."
DELETE = "Only a manager can delete a complaint."
IMPORT = "Your role does not allow you to import complaints."


class ComplaintListView(PagedFilterView):
    estimate_counts = True
    permission_required = "complaints.view_complaint"
    permission_denied_message = SEE
    filterset_class = ComplaintFilter
    template_name = "complaints/complaint_list.html"

    def get_queryset(self):
        return (
            Complaint.objects.for_user(self.request.user)
            .for_list()
            .order_by("-date_received", "-pk")
        )


# The import's columns (so an export can be edited and imported back), then the clock.
EXPORT_COLUMNS = [
    Column("organisation", width=28),
    Column("reference", width=16),
    Column("date_received", "date", 13),
    Column("date_acknowledged", "date", 13),
    Column("response_due", "date", 13),
    Column("date_responded", "date", 13),
    Column("relationship", width=14),
    Column("service_area", width=28),
    Column("category", width=30),
    Column("procedure", width=12),
    Column("investigating_officer", width=20),
    Column("status", width=11),
    Column("outcome", width=14),
    Column("summary", width=50),
    Column("learning", width=50),
    Column("lgsco_status", width=12),
    Column("lgsco_decision", width=20),
    Column("financial_year", width=12),
    Column("ack_working_days", "number", 10),
    Column("acknowledged_on_time", width=10),
    Column("days_to_respond", "number", 10),
    Column("overdue", width=9),
]
assert [c.header for c in EXPORT_COLUMNS][1:17] == importer.COLUMNS


class ComplaintExportView(ExportMixin, PermissionRequiredMixin, View):
    """The filtered list as CSV (streamed) or XLSX (?format=xlsx), from a server-side cursor
    in chunks, so memory stays constant however many rows. A bad filter exports nothing and
    goes back to the list with its errors (core.exports.ExportMixin)."""

    permission_required = "complaints.view_complaint"
    permission_denied_message = SEE
    filterset_class = ComplaintFilter
    export_only = True
    list_url_name = "complaints:complaint-list"
    export_name = "complaints"
    export_title = "Complaints"
    export_columns = EXPORT_COLUMNS

    def export_queryset(self):
        return (
            Complaint.objects.for_user(self.request.user).for_list().order_by("date_received", "pk")
        )

    def export_rows(self, queryset):
        """Choices as the labels people read ("Partly upheld", not partly_upheld; the import
        takes either) and the financial year as "2023/24"."""
        for c in queryset.iterator(chunk_size=1000):
            yield (
                c.organisation.name,
                c.reference,
                c.date_received,
                c.date_acknowledged,
                c.response_due,
                c.date_responded,
                c.get_relationship_display(),
                c.service_area.name if c.service_area else "",
                c.category.name if c.category else "",
                c.get_procedure_display(),
                c.investigating_officer,
                c.get_status_display(),
                c.get_outcome_display(),
                c.summary,
                c.learning,
                c.get_lgsco_status_display(),
                c.get_lgsco_decision_display(),
                financial_year_label(c.financial_year),
                c.ack_working_days,
                "yes" if c.acknowledged_on_time else "no",
                c.days_to_respond,
                "yes" if c.is_overdue else "no",
            )


class ComplaintDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "complaints.view_complaint"
    permission_denied_message = SEE
    template_name = "complaints/complaint_detail.html"

    def get_queryset(self):
        return Complaint.objects.for_user(self.request.user).for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        complaint, user = self.object, self.request.user
        context["changes"] = selectors.complaint_changes(complaint)
        # Buttons by the user's role in the complaint's organisation (the views check again).
        context["can_edit"] = user.has_perm("complaints.change_complaint", complaint)
        context["can_delete"] = user.has_perm("complaints.delete_complaint", complaint)
        return context


class OrganisationInitialMixin:
    """A form offering the organisations where the user may add complaints: it starts on
    ?organisation= when that is one of them, or on the only one (one query)."""

    def get_initial(self):
        initial = super().get_initial()
        mine = Organisation.objects.for_user(self.request.user, "complaints.add_complaint")
        if (chosen := id_param(self.request.GET, "organisation")) is not None:
            mine = mine.filter(pk=chosen)
        mine = list(mine[:2])
        if len(mine) == 1:
            initial["organisation"] = mine[0]
        return initial

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}


class ComplaintSaveMixin(EditConflictMixin):
    """Create and edit save through one service. What it refuses at the last moment (a
    reference someone else took meanwhile) is shown on the form like any other error; an edit
    of a complaint saved by someone else since is shown with what they changed."""

    success_message = ""
    conflict_noun = "complaint"

    def form_valid(self, form):
        try:
            self.object = save_complaint(
                complaint=form.instance,
                user=self.request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except EditConflict as conflict:
            return self.refuse_conflict(form, conflict)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(reference=self.object))
        return HttpResponseRedirect(self.object.get_absolute_url())


class ComplaintCreateView(
    PermissionRequiredMixin, OrganisationInitialMixin, ComplaintSaveMixin, CreateView
):
    permission_required = "complaints.add_complaint"
    permission_denied_message = RECORD
    model = Complaint
    form_class = ComplaintForm
    template_name = "complaints/complaint_form.html"

    def get_initial(self):
        """Received today, for the user's organisation (?organisation=, or the only one),
        and the agreed response date its default number of working days later."""
        initial = super().get_initial()
        initial.setdefault("date_received", timezone.localdate())
        if (organisation := initial.get("organisation")) is not None:
            initial["response_due"] = default_response_due(organisation, initial["date_received"])
        return initial

    success_message = "Complaint {reference} recorded."


class ComplaintUpdateView(PermissionRequiredMixin, ComplaintSaveMixin, UpdateView):
    permission_required = "complaints.change_complaint"
    permission_denied_message = EDIT
    model = Complaint
    form_class = ComplaintForm
    template_name = "complaints/complaint_form.html"

    def get_queryset(self):
        return Complaint.objects.for_user(self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    success_message = "Complaint {reference} saved."


class ComplaintDeleteView(PermissionRequiredMixin, DeleteView):
    """Managers only (complaints.delete_complaint); the history keeps the deleted record."""

    permission_required = "complaints.delete_complaint"
    permission_denied_message = DELETE
    model = Complaint
    template_name = "complaints/complaint_confirm_delete.html"
    success_url = reverse_lazy("complaints:complaint-list")

    def get_queryset(self):
        return Complaint.objects.for_user(self.request.user)

    def form_valid(self, form):
        reference = self.object.reference
        delete_complaint(complaint=self.object, user=self.request.user)
        messages.success(self.request, f"Complaint {reference} deleted.")
        return HttpResponseRedirect(self.get_success_url())


class ComplaintImportView(PermissionRequiredMixin, OrganisationInitialMixin, FormView):
    permission_required = "complaints.add_complaint"
    permission_denied_message = IMPORT
    form_class = ComplaintImportForm
    template_name = "complaints/complaint_import.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = importer.COLUMNS
        return context

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        """Store the file and answer at once with the import's job page; the same file
        already imported into the organisation is refused, one being imported is joined."""
        organisation = form.cleaned_data["organisation"]
        started = start_complaints_import(
            upload=form.cleaned_data["file"],
            organisation=organisation,
            user=self.request.user,
            create_missing=form.cleaned_data["create_missing"],
            update_existing=form.cleaned_data["update_existing"],
            max_rows=settings.COMPLAINTS_IMPORT_MAX_ROWS,
        )
        job = started.job
        if not started.created and job.status == job.Status.DONE:
            form.add_error("file", duplicate_message(job))
            return self.form_invalid(form)
        if started.created:
            messages.success(
                self.request,
                f"The import of {job.input_name} has started: every row is checked first, "
                "then all are imported or none.",
            )
        else:
            messages.info(self.request, duplicate_message(job))
        return HttpResponseRedirect(job.get_absolute_url())


# One made-up complaint in the import's columns, its choices as the labels people read.
TEMPLATE_EXAMPLE = (
    "ASC-2024-001",
    datetime.date(2024, 4, 2),
    datetime.date(2024, 4, 3),
    datetime.date(2024, 4, 30),
    None,
    "Family member",
    "Community support",
    "Poor or lack of communication",
    "Statutory",
    "A. Officer",
    "Open",
    "",
    "Example: the family were not told when the care package would change.",
    "",
    "Not referred",
    "",
)


class ComplaintImportTemplateView(PermissionRequiredMixin, View):
    """The import's columns with one example row, as CSV (default) or XLSX (?format=xlsx), to
    fill in and import."""

    permission_required = "complaints.add_complaint"
    permission_denied_message = IMPORT

    def get(self, request):
        columns = EXPORT_COLUMNS[1:17]  # the import's own columns, in its order
        return export_response(
            request,
            "complaints-import-template",
            columns,
            [TEMPLATE_EXAMPLE],
            title="Complaints",
        )

"""Evidence pages: the organisation's library, an assessment's evidence, add and edit (one
service), and an item's page with its versions and where it is used."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.views.generic import CreateView, DetailView, UpdateView

from assessment.tenancy import members_of
from core import history, panels
from core.concurrency import EditConflict, EditConflictMixin
from core.exports import Column, ExportMixin
from core.params import id_param
from core.people import person_name
from core.views import ObjectPermissionMixin, PagedFilterView
from findings.filters.evidence import EvidenceFilter, EvidenceLibraryFilter
from findings.forms.evidence import EvidenceForm
from findings.models import Evidence, EvidenceVersion, Finding
from findings.models.evidence import REVIEW_NOTICE_DAYS
from findings.services import evidence as evidence_services
from findings.views.common import AssessmentMixin, OrganisationMixin


class ReviewDatesMixin:
    """Pages that mark review dates due or past need today and the notice period."""

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            today=today,
            review_soon=today + datetime.timedelta(days=REVIEW_NOTICE_DAYS),
            **kwargs,
        )


LIBRARY_COLUMNS = [
    Column("ID", "number", 8),
    Column("Title", width=50),
    Column("Kind", width=12),
    Column("Date", "date", 12),
    Column("Owner", width=24),
    Column("Review by", "date", 12),
    Column("File (current version)", width=30),
    Column("Link", width=40),
    Column("Findings it supports", "number", 12),
]


class EvidenceLibraryView(ExportMixin, ReviewDatesMixin, OrganisationMixin, PagedFilterView):
    """The organisation's evidence, whichever assessments it supports (?format=csv or xlsx
    downloads the filtered rows)."""

    permission_required = "findings.view_evidence"
    template_name = "findings/evidence_library.html"
    filterset_class = EvidenceLibraryFilter
    export_name = "evidence-library"
    export_title = "Evidence library"
    export_columns = LIBRARY_COLUMNS

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        return {**kwargs, "organisation": self.organisation}

    def get_queryset(self):
        return Evidence.objects.filter(organisation=self.organisation).for_library()

    def export_filterset(self):
        return self.filterset_class(
            self.request.GET,
            queryset=self.export_queryset(),
            request=self.request,
            organisation=self.organisation,
        )

    def export_rows(self, queryset):
        for item in queryset:
            yield (
                item.pk,
                item.title,
                item.get_kind_display(),
                item.date,
                person_name(item.owner),
                item.review_date,
                item.original_filename,
                item.url,
                item.finding_count,
            )


class EvidenceListView(ReviewDatesMixin, AssessmentMixin, PagedFilterView):
    """The evidence supporting the assessment's findings (the library has all of it)."""

    permission_required = "findings.view_evidence"
    template_name = "findings/evidence_list.html"
    filterset_class = EvidenceFilter

    def get_queryset(self):
        return (
            Evidence.objects.filter(organisation_id=self.assessment.organisation_id)
            .linked_to_assessment(self.assessment)
            .for_library()
        )


class EvidenceSaveMixin(EditConflictMixin):
    """Create and edit save through one service: the file check, its facts and the links. What
    the service refuses is shown on the form, and an edit saved by someone else since with what
    they changed; nothing is saved."""

    success_message = ""
    conflict_noun = "evidence"

    def form_valid(self, form):
        try:
            evidence = evidence_services.save_evidence(
                evidence=form.instance,
                upload=form.new_upload,
                findings=form.cleaned_data["findings"],
                user=self.request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except EditConflict as conflict:
            return self.refuse_conflict(form, conflict)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(title=evidence.title))
        return HttpResponseRedirect(evidence.get_absolute_url())


class EvidenceCreateMixin(EvidenceSaveMixin):
    permission_required = "findings.add_evidence"
    form_class = EvidenceForm
    template_name = "findings/evidence_form.html"
    success_message = "Evidence “{title}” added."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation}

    def get_initial(self):
        """Owned by whoever adds it (when a member); linked to the finding named, if any."""
        user = self.request.user
        initial = {"owner": user.pk} if members_of(self.organisation).filter(pk=user.pk) else {}
        finding = id_param(self.request.GET, "finding")
        return {**initial, "findings": [finding]} if finding is not None else initial


class EvidenceCreateView(EvidenceCreateMixin, PermissionRequiredMixin, AssessmentMixin, CreateView):
    """Add evidence from an assessment's pages: it joins the organisation's library."""

    def get_within(self, request, **kwargs):
        assessment = super().get_within(request, **kwargs)
        self.organisation = assessment.organisation
        return assessment


class LibraryEvidenceCreateView(
    EvidenceCreateMixin, PermissionRequiredMixin, OrganisationMixin, CreateView
):
    """Add evidence to the organisation's library."""


class EvidenceDetailView(ReviewDatesMixin, PermissionRequiredMixin, DetailView):
    permission_required = "findings.view_evidence"

    def get_queryset(self):
        findings = Finding.objects.select_related("topic__statement", "topic__assessment")
        return (
            Evidence.objects.for_user(self.request.user)
            .select_related("organisation", "added_by", "owner")
            .prefetch_related(
                Prefetch(
                    "findings",
                    queryset=findings.order_by(
                        "-topic__assessment__pk",
                        "topic__statement__order",
                        "topic__order",
                        "order",
                    ),
                ),
                Prefetch(
                    "versions", queryset=EvidenceVersion.objects.select_related("uploaded_by")
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = panels.panels_for(panels.EVIDENCE, self.request, self.object)
        context["changes"] = history.changes(
            self.object.history.all(),
            fields=["title", "kind", "date", "owner", "review_date", "url", "original_filename"],
            related=("owner",),
            labels={"original_filename": "File", "url": "Link", "review_date": "Review by"},
            limit=30,
        )
        return context


class EvidenceUpdateView(
    PermissionRequiredMixin, ObjectPermissionMixin, EvidenceSaveMixin, UpdateView
):
    permission_required = "findings.change_evidence"
    form_class = EvidenceForm
    template_name = "findings/evidence_form.html"
    success_message = "Evidence saved."

    def get_queryset(self):
        return Evidence.objects.for_user(self.request.user).select_related("organisation")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.object.organisation}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.object.organisation, **kwargs)

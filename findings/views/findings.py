"""Finding pages: the list across assessments (and its download), add, detail, edit (with
optimistic locking), move and delete."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView

from core import panels
from core.concurrency import EditConflict
from core.exports import Column, ExportMixin
from core.views import ObjectPermissionMixin, PagedFilterView
from findings.filters.findings import FindingFilter
from findings.forms.findings import FindingForm
from findings.forms.triage import BulkTriageForm
from findings.models import Evidence, Finding, Topic
from findings.selectors import findings as selectors
from findings.services import findings as services
from findings.views.common import StatementMixin


def _statement_url(finding: Finding) -> str:
    return reverse(
        "assessment:statement-detail",
        args=[finding.topic.assessment_id, finding.topic.statement.slug],
    )


class FindingListView(PagedFilterView):
    """Every finding across assessments, filtered and searched, in report order."""

    estimate_counts = True
    permission_required = "findings.view_finding"
    filterset_class = FindingFilter
    template_name = "findings/finding_list.html"
    SEARCH_COUNT_CAP = 1000

    def count_cap(self) -> int | None:
        # A broad search ("care") matches tens of thousands of findings: counting them all
        # costs more than the page. Nobody pages past 40; say "more than 1,000" instead.
        return self.SEARCH_COUNT_CAP if self.request.GET.get("q", "").strip() else None

    def get_queryset(self):
        return (
            Finding.objects.for_user(self.request.user)
            .for_list()
            .order_by(
                "-topic__assessment_id", "topic__statement__order", "topic__order", "order", "pk"
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("findings.change_finding"):
            context["bulk_form"] = BulkTriageForm(auto_id="bulk_%s")
        return context


FINDING_COLUMNS = [
    Column("ID", "number", 8),
    Column("Organisation", width=28),
    Column("Assessment", width=28),
    Column("Theme", width=30),
    Column("Quality statement", width=32),
    Column("Topic", width=32),
    Column("Position", "number", 9),
    Column("Finding", width=80),
    Column("Source", width=14),
    Column("Evidence category", width=18),
    Column("Judgement", width=14),
    Column("Recorded at", "datetime", 18),
]


class FindingExportView(ExportMixin, PermissionRequiredMixin, View):
    """The filtered findings as CSV (streamed) or XLSX (?format=xlsx; constant memory)."""

    permission_required = "findings.view_finding"
    filterset_class = FindingFilter
    export_only = True
    list_url_name = "findings:finding-list"
    export_name = "findings"
    export_title = "Findings"
    export_columns = FINDING_COLUMNS

    def export_queryset(self):
        return Finding.objects.for_user(self.request.user).order_by("pk")

    def export_rows(self, queryset):
        return selectors.export_rows(queryset)


def topic_titles(assessment, statement) -> list[str]:
    return list(
        Topic.objects.filter(assessment=assessment, statement=statement)
        .order_by("order")
        .values_list("title", flat=True)
    )


class FindingCreateView(PermissionRequiredMixin, StatementMixin, CreateView):
    permission_required = "findings.add_finding"
    form_class = FindingForm
    template_name = "findings/finding_form.html"

    def get_initial(self):
        return {"topic_title": self.request.GET.get("topic", "")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic_titles"] = topic_titles(
            self.score_record.assessment, self.score_record.statement
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        finding = services.create_finding(
            assessment=self.score_record.assessment,
            statement=self.score_record.statement,
            topic_title=data["topic_title"],
            text=data["text"],
            source=data["source"],
            evidence_category=data["evidence_category"],
            judgement=data["judgement"],
            recorded_by=self.request.user,
        )
        messages.success(self.request, f"Finding added under “{finding.topic.title}”.")
        return HttpResponseRedirect(f"{_statement_url(finding)}#finding-{finding.pk}")


class FindingDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "findings.view_finding"

    def get_queryset(self):
        return selectors.finding_detail_queryset(self.request.user).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("title"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = selectors.finding_changes(self.object)
        context["statement_url"] = _statement_url(self.object)
        context["panels"] = panels.panels_for(panels.FINDING, self.request, self.object)
        return context


class FindingUpdateView(PermissionRequiredMixin, ObjectPermissionMixin, UpdateView):
    """Edit a finding. A save based on an out-of-date version is refused and shows the changes."""

    permission_required = "findings.change_finding"
    form_class = FindingForm
    template_name = "findings/finding_form.html"

    def get_queryset(self):
        return selectors.finding_detail_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessment"] = self.object.topic.assessment
        context["statement"] = self.object.topic.statement
        context["statement_url"] = _statement_url(self.object)
        context["topic_titles"] = topic_titles(
            self.object.topic.assessment, self.object.topic.statement
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        # No version (an old or hand-made form) cannot be checked: the service refuses it.
        expected = data.get("version")
        try:
            finding = services.update_finding(
                finding=self.object,
                user=self.request.user,
                expected_version=expected,
                topic_title=data["topic_title"],
                text=data["text"],
                source=data["source"],
                evidence_category=data["evidence_category"],
                judgement=data["judgement"],
            )
        except EditConflict as conflict:
            who = conflict.who_for(self.request.user)
            messages.error(
                self.request,
                f"Not saved: {who} changed this finding after "
                "you opened it. The saved version is shown below with the changes marked; your "
                "text is still in the form. Check it, then save again.",
            )
            form.data = form.data.copy()
            form.data["version"] = conflict.current.version
            return self.render_to_response(
                self.get_context_data(form=form, conflict=conflict, conflict_by=who)
            )
        messages.success(self.request, "Finding saved.")
        return HttpResponseRedirect(f"{_statement_url(finding)}#finding-{finding.pk}")


class FindingMoveView(PermissionRequiredMixin, View):
    permission_required = "findings.change_finding"

    def post(self, request, pk, direction):
        finding = get_object_or_404(selectors.finding_detail_queryset(request.user), pk=pk)
        if direction not in ("up", "down"):
            raise Http404("Unknown direction")
        if not services.move_finding(finding=finding, direction=direction, user=request.user):
            messages.info(
                request, f"The finding is already {'first' if direction == 'up' else 'last'}."
            )
        return HttpResponseRedirect(f"{_statement_url(finding)}#finding-{finding.pk}")


class FindingDeleteView(PermissionRequiredMixin, ObjectPermissionMixin, DeleteView):
    permission_required = "findings.delete_finding"
    template_name = "findings/finding_confirm_delete.html"

    def get_queryset(self):
        return selectors.finding_detail_queryset(self.request.user)

    def form_valid(self, form):
        url = _statement_url(self.object)
        services.delete_finding(finding=self.object, user=self.request.user)
        messages.success(self.request, "Finding deleted.")
        return HttpResponseRedirect(url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statement_url"] = _statement_url(self.object)
        return context

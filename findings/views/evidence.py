"""Evidence pages: the assessment's library, add and edit (one service), and the file itself,
served only to those who may see it."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView

from core.params import id_param
from core.uploads import stored_file_response
from core.views import ObjectPermissionMixin, PagedFilterView
from findings.filters.findings import EvidenceFilter
from findings.forms.findings import EvidenceForm
from findings.models import Evidence, Finding
from findings.services import evidence as evidence_services
from findings.views.common import AssessmentMixin


class EvidenceListView(AssessmentMixin, PagedFilterView):
    permission_required = "findings.view_evidence"
    template_name = "findings/evidence_list.html"
    filterset_class = EvidenceFilter

    def get_queryset(self):
        return (
            Evidence.objects.filter(assessment=self.assessment)
            .select_related("added_by")
            .annotate(finding_count=Count("findings"))
            .order_by("-date", "-pk")
        )


class EvidenceSaveMixin:
    """Create and edit save through one service: the file check, its facts and the links."""

    success_message = ""

    def form_valid(self, form):
        evidence = evidence_services.save_evidence(
            evidence=form.instance,
            upload=form.new_upload,
            findings=form.cleaned_data["findings"],
            user=self.request.user,
        )
        messages.success(self.request, self.success_message.format(title=evidence.title))
        return HttpResponseRedirect(evidence.get_absolute_url())


class EvidenceCreateView(PermissionRequiredMixin, AssessmentMixin, EvidenceSaveMixin, CreateView):
    permission_required = "findings.add_evidence"
    form_class = EvidenceForm
    template_name = "findings/evidence_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "assessment": self.assessment}

    def get_initial(self):
        finding = id_param(self.request.GET, "finding")
        return {"findings": [finding]} if finding is not None else {}

    success_message = "Evidence “{title}” added."


class EvidenceDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "findings.view_evidence"

    def get_queryset(self):
        return (
            Evidence.objects.for_user(self.request.user)
            .select_related("assessment__organisation", "added_by")
            .prefetch_related(
                Prefetch(
                    "findings",
                    queryset=Finding.objects.select_related("topic__statement").order_by(
                        "topic__statement__order", "topic__order", "order"
                    ),
                )
            )
        )


class EvidenceUpdateView(
    PermissionRequiredMixin, ObjectPermissionMixin, EvidenceSaveMixin, UpdateView
):
    permission_required = "findings.change_evidence"
    form_class = EvidenceForm
    template_name = "findings/evidence_form.html"

    def get_queryset(self):
        return Evidence.objects.for_user(self.request.user).select_related(
            "assessment__organisation"
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "assessment": self.object.assessment}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessment"] = self.object.assessment
        return context

    success_message = "Evidence saved."


class EvidenceFileView(PermissionRequiredMixin, View):
    """Serve an uploaded file to a logged-in user with permission; never as public media."""

    permission_required = "findings.view_evidence"

    def get(self, request, pk):
        evidence = get_object_or_404(Evidence.objects.for_user(request.user), pk=pk)
        if not evidence.file:
            raise Http404("This evidence has no file.")
        name = evidence.original_filename or f"{slugify(evidence.title)}{evidence.file.name[-5:]}"
        return stored_file_response(
            evidence.file, filename=name, content_type=evidence.content_type
        )

"""An evidence item's files: the current one, any earlier version, and a new upload. Files are
served only to those who may see the evidence, never as public media."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views import View
from django.views.generic import FormView

from core.uploads import stored_file_response
from findings.forms.evidence import EvidenceVersionForm
from findings.models import Evidence, EvidenceVersion
from findings.services import evidence as evidence_services


class EvidenceFileView(PermissionRequiredMixin, View):
    """The current version's file."""

    permission_required = "findings.view_evidence"

    def get(self, request, pk):
        evidence = get_object_or_404(Evidence.objects.for_user(request.user), pk=pk)
        if not evidence.file:
            raise Http404("This evidence has no file.")
        name = evidence.original_filename or f"{slugify(evidence.title)}{evidence.file.name[-5:]}"
        return stored_file_response(
            evidence.file, filename=name, content_type=evidence.content_type
        )


class EvidenceVersionFileView(PermissionRequiredMixin, View):
    """One version's file, current or earlier."""

    permission_required = "findings.view_evidence"

    def get(self, request, pk, number):
        version = get_object_or_404(
            EvidenceVersion.objects.for_user(request.user), evidence_id=pk, number=number
        )
        return stored_file_response(
            version.file, filename=version.original_filename, content_type=version.content_type
        )


class EvidenceVersionCreateView(PermissionRequiredMixin, FormView):
    """Upload a new version: the current file is kept as an earlier version."""

    permission_required = "findings.change_evidence"
    form_class = EvidenceVersionForm
    template_name = "findings/evidence_version_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.evidence = get_object_or_404(
            Evidence.objects.for_user(request.user).select_related("organisation"),
            pk=kwargs["pk"],
        )
        if not request.user.has_perm(self.permission_required, self.evidence):
            raise PermissionDenied(self.get_permission_denied_message())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(evidence=self.evidence, **kwargs)

    def form_valid(self, form):
        try:
            version = evidence_services.add_version(
                evidence=self.evidence, user=self.request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:  # the file's, or (old records) another field's
            form.add_error(None if hasattr(error, "error_dict") else "file", error)
            return self.form_invalid(form)
        messages.success(self.request, f"Version {version.number} uploaded.")
        return HttpResponseRedirect(self.evidence.get_absolute_url())

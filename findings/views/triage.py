"""Triage where findings are listed: the statement page saves each finding's judgement, source
and category as they are changed (one finding per request, answered in JSON; without script the
page's form posts them all, or one, and comes back to the finding), and the findings list sets
them for the ticked rows at once."""

from __future__ import annotations

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from core.concurrency import EditConflict
from findings.forms.triage import BulkTriageForm, TriageForm, triage_prefix
from findings.models import Finding
from findings.selectors import findings as selectors
from findings.services import triage as services
from findings.views.common import StatementMixin
from findings.views.findings import _statement_url


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _values(finding: Finding) -> dict[str, str]:
    return {field: getattr(finding, field) for field in services.TRIAGE_FIELDS}


def _saved_text(finding: Finding, changed: bool) -> str:
    if not changed:
        return "No change: it already said this."
    category = finding.get_evidence_category_display() or "no category"
    return f"Saved: {finding.get_judgement_display()}, {finding.get_source_display()}, {category}."


def _conflict_text(conflict: EditConflict, user) -> str:
    changed = "; ".join(f"{c.label}: {c.yours_from} → {c.theirs}" for c in conflict.changes)
    return (
        f"Not saved: {conflict.who_for(user)} changed this finding since the page was opened"
        f"{f' ({changed})' if changed else ''}. It now shows what is saved; choose again if it "
        "should change."
    )


def _triage(request, finding: Finding) -> tuple[int, str, Finding]:
    """Save one finding's fields from the request: (HTTP status, message, the finding now)."""
    form = TriageForm(request.POST, prefix=triage_prefix(finding.pk))
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label or name}: {' '.join(errors)}"
            for name, errors in form.errors.items()
        )
        return HTTPStatus.BAD_REQUEST, f"Not saved: {problems}", finding
    try:
        saved, changed = services.triage_finding(
            finding=finding,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            **form.values(),
        )
    except EditConflict as conflict:
        return HTTPStatus.CONFLICT, _conflict_text(conflict, request.user), conflict.current
    except ValidationError as error:
        return HTTPStatus.BAD_REQUEST, "Not saved: " + " ".join(error.messages), finding
    return HTTPStatus.OK, _saved_text(saved, changed), saved


class FindingTriageView(PermissionRequiredMixin, View):
    """POST one finding's judgement, source and category with the version the page showed.
    Asked for JSON (the statement page's script): the new version, or 409 with what the other
    person changed. Otherwise back to the statement page at the finding, with a message."""

    permission_required = "findings.change_finding"
    http_method_names = ["post"]

    def post(self, request, pk):
        finding = get_object_or_404(selectors.finding_detail_queryset(request.user), pk=pk)
        try:
            status, message, now = _triage(request, finding)
        except PermissionDenied as refusal:
            if not _wants_json(request):
                raise
            return JsonResponse({"message": str(refusal)}, status=HTTPStatus.FORBIDDEN)
        if _wants_json(request):
            return JsonResponse(
                {"message": message, "version": now.version, "values": _values(now)},
                status=status,
            )
        level = messages.SUCCESS if status == HTTPStatus.OK else messages.ERROR
        messages.add_message(request, level, message)
        return HttpResponseRedirect(f"{_statement_url(finding)}#finding-{finding.pk}")


class StatementTriageView(PermissionRequiredMixin, StatementMixin, View):
    """The statement page's "Save all" without script: every finding whose fields differ from
    what is saved is saved (each against the version the page showed); the others are left
    alone. Back to the page at the first finding refused, else the first one saved."""

    permission_required = "findings.change_finding"
    http_method_names = ["post"]

    def post(self, request, pk, slug):
        record = self.score_record
        findings = Finding.objects.for_statement(record.assessment, record.statement)
        saved, refused = [], []
        for finding in findings:
            prefix = triage_prefix(finding.pk)
            sent = {f: request.POST.get(f"{prefix}-{f}") for f in services.TRIAGE_FIELDS}
            if sent["judgement"] is None or sent == _values(finding):
                continue
            status, message, _now = _triage(request, finding)
            (saved if status == HTTPStatus.OK else refused).append((finding, message))
        if saved:
            messages.success(
                request, f"Saved {len(saved)} finding{'s' if len(saved) != 1 else ''}."
            )
        for finding, message in refused:
            messages.error(request, f"“{finding}”: {message}")
        if not saved and not refused:
            messages.info(request, "Nothing to save: no finding was changed.")
        anchor = next(iter(refused or saved), (None,))[0]
        url = record.get_absolute_url()
        return HttpResponseRedirect(f"{url}#finding-{anchor.pk}" if anchor else f"{url}#findings")


class FindingBulkTriageView(PermissionRequiredMixin, View):
    """Set a judgement, source and/or category on the findings ticked in the list, all or
    nothing; back to the list as it was (its filters and page)."""

    permission_required = "findings.change_finding"
    http_method_names = ["post"]

    def post(self, request):
        form = BulkTriageForm(request.POST)
        back = self._back(form)
        if not form.is_valid():
            problems = " ".join(e for errors in form.errors.values() for e in errors)
            messages.error(request, f"Nothing was changed: {problems}")
            return HttpResponseRedirect(back)
        try:
            result = services.bulk_set_findings(
                finding_ids=form.cleaned_data["findings"],
                user=request.user,
                values=form.values(),
            )
        except ValidationError as error:
            messages.error(request, "Nothing was changed: " + " ".join(error.messages))
            return HttpResponseRedirect(back)
        plural = "s" if result.chosen != 1 else ""
        text = f"{result.chosen} finding{plural} set to {form.describe()}."
        if result.changed != result.chosen:
            text += f" ({result.chosen - result.changed} already said so.)"
        messages.success(request, text)
        return HttpResponseRedirect(back)

    def _back(self, form) -> str:
        """The list with the filters and page it was showing (a path of this site only)."""
        wanted = form.data.get("next", "")
        list_url = reverse("findings:finding-list")
        if wanted.startswith(list_url) and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={self.request.get_host()}
        ):
            return wanted
        return list_url

"""The self-assessment pages: the assessment's summary (self-scores beside CQC's, the gaps, the
summary narrative) and each statement's self-assessment form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from assessment.models import Assessment, StatementScore
from core import history
from core.concurrency import EditConflict
from readiness.forms import SelfAssessmentForm, SummaryForm
from readiness.selectors.self_assessment import (
    linked_evidence,
    self_assessment_comparison,
    statement_self_assessment,
)
from readiness.services import self_assessment as services

CONFLICT = (
    "Not saved: {who} changed this {what} after you opened it. The saved version is shown with "
    "the changes marked; your text is still in the form. Check it, then save again."
)


def conflict_context(request, form, conflict: EditConflict, what: str) -> dict:
    """Show what the other person saved; the form keeps this person's text, at the new
    version, so saving again is a deliberate choice."""
    who = conflict.who_for(request.user)
    messages.error(request, CONFLICT.format(who=who, what=what))
    form.data = form.data.copy()
    form.data["version"] = conflict.current.version
    return {"form": form, "conflict": conflict, "conflict_by": who}


class SelfAssessmentView(PermissionRequiredMixin, TemplateView):
    """The self-assessment of one assessment: every statement's self-score beside CQC's, the
    gaps, both results, and the summary narrative (its form for those who may change it)."""

    permission_required = ("assessment.view_assessment", "readiness.view_statementselfassessment")
    template_name = "readiness/self_assessment.html"

    def dispatch(self, request, *args, **kwargs):
        self.assessment = get_object_or_404(
            Assessment.objects.for_user(request.user).select_related("organisation", "framework"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comparison = self_assessment_comparison(self.assessment)
        context["assessment"] = self.assessment
        context["comparison"] = comparison
        if "form" not in context and self.request.user.has_perm(
            "readiness.change_selfassessmentsummary"
        ):
            summary = comparison.summary
            context["form"] = SummaryForm(
                initial={
                    "narrative": summary.narrative if summary else "",
                    "version": summary.version if summary else None,
                }
            )
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("readiness.change_selfassessmentsummary", self.assessment):
            raise PermissionDenied("You may not change the self-assessment summary.")
        form = SummaryForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.save_summary(
                assessment=self.assessment,
                user=request.user,
                narrative=form.cleaned_data["narrative"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            context = conflict_context(request, form, conflict, "summary")
            return self.render_to_response(self.get_context_data(**context))
        messages.success(request, "Self-assessment summary saved.")
        return HttpResponseRedirect(request.path)


class StatementSelfAssessmentView(PermissionRequiredMixin, TemplateView):
    """One statement's self-assessment: score, narrative, strengths, areas for improvement,
    and the evidence it relies on, for the statement and for each I statement."""

    permission_required = (
        "readiness.view_statementselfassessment",
        "readiness.change_statementselfassessment",
    )
    template_name = "readiness/statement_self_assessment.html"

    def dispatch(self, request, *args, **kwargs):
        self.score_record = get_object_or_404(
            StatementScore.objects.for_user(request.user).select_related(
                "assessment__organisation", "assessment__framework", "statement__theme"
            ),
            assessment_id=kwargs["pk"],
            statement__slug=kwargs["slug"],
        )
        self.self_assessment = statement_self_assessment(self.score_record)
        return super().dispatch(request, *args, **kwargs)

    def initial(self) -> dict:
        own = self.self_assessment
        if own is None:
            return {"version": services.NO_VERSION}
        linked = linked_evidence(own, self.score_record.statement.i_statements)
        initial = {
            "score": str(own.score or ""),
            "narrative": own.narrative,
            "strengths": own.strengths,
            "areas_for_improvement": own.areas_for_improvement,
            "version": own.version,
            "evidence": [item.pk for item in linked.whole],
        }
        for number, (_text, items) in enumerate(linked.by_i_statement, start=1):
            initial[f"i_statement_{number}"] = [item.pk for item in items]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.score_record
        context.setdefault("form", SelfAssessmentForm(initial=self.initial(), score_record=record))
        context["score_record"] = record
        context["assessment"] = record.assessment
        context["statement"] = record.statement
        context["self_assessment"] = self.self_assessment
        context["changes"] = (
            history.changes(
                self.self_assessment.history.all(),
                fields=list(services.SELF_FIELDS),
                limit=20,
            )
            if self.self_assessment
            else []
        )
        return context

    def post(self, request, *args, **kwargs):
        form = SelfAssessmentForm(request.POST, score_record=self.score_record)
        if not form.is_valid():
            messages.error(request, "Nothing was saved: correct the errors below.")
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        try:
            services.save_self_assessment(
                score_record=self.score_record,
                user=request.user,
                score=data["score"],
                narrative=data["narrative"],
                strengths=data["strengths"],
                areas_for_improvement=data["areas_for_improvement"],
                evidence=form.evidence_links(),
                expected_version=data["version"],
            )
        except EditConflict as conflict:
            self.self_assessment = statement_self_assessment(self.score_record)
            context = conflict_context(request, form, conflict, "self-assessment")
            return self.render_to_response(self.get_context_data(**context))
        except ValidationError as error:
            form.add_error(None, error)
            messages.error(request, "Nothing was saved: correct the errors below.")
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, f"Self-assessment of “{self.score_record.statement}” saved.")
        return HttpResponseRedirect(self.score_record.get_absolute_url())

"""An action plan as a PDF, for meetings: the plan, its history and every action; and the
plan's version (what the PDF shows), so the PDF is built once per version by a job."""

from __future__ import annotations

from django.db.models import F, OuterRef, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone

from actions import selectors
from actions.models import (
    Action,
    ActionPlan,
    EffectivenessReview,
    PlanTransition,
    ProgressUpdate,
)
from assessment.pdf import render_pdf
from jobs import versions


def plan_pdf(plan: ActionPlan) -> bytes:
    """Render the plan's print template to a tagged PDF."""
    latest_updates = ProgressUpdate.objects.select_related("author").order_by("-date", "-pk")
    actions = selectors.plan_actions(plan).prefetch_related(
        Prefetch("updates", queryset=latest_updates, to_attr="ordered_updates")
    )
    html = render_to_string(
        "actions/plan_pdf.html",
        {
            "plan": plan,
            "actions": actions,
            "transitions": PlanTransition.objects.filter(plan=plan)
            .select_related("by")
            .order_by("at", "pk"),
            "generated_at": timezone.now(),
        },
    )
    return render_pdf(html)


def plan_pdf_version(plan: ActionPlan) -> str:
    """A fingerprint of what the plan's PDF shows now, in one query (see jobs/versions.py):
    the plan and its names, its actions (edits, RAG today), their findings, progress updates,
    reviews (history: edits and deletions) and the workflow's transitions."""
    mine = OuterRef("pk")
    actions = Action.objects.filter(plan=mine)
    rag = actions.with_rag()
    parts = {
        "plan": F("updated_at"),
        "organisation": F("organisation__name"),
        "assessment": F("assessment__updated_at"),
        "owner": F("owner__username"),
        "owner.first": F("owner__first_name"),
        "owner.last": F("owner__last_name"),
        **versions.prefixed("actions", versions.rows(actions, edited="updated_at")),
        "actions.red": versions.count(rag.filter(Q(rag="red"))),
        "actions.amber": versions.count(rag.filter(Q(rag="amber"))),
        **versions.prefixed(
            "findings",
            versions.rows(
                Action.findings.through.objects.filter(action__plan=mine),
            ),
        ),
        "findings.edited": versions.maximum(
            Action.findings.through.objects.filter(action__plan=mine), "finding__updated_at"
        ),
        **versions.prefixed(
            "updates", versions.rows(ProgressUpdate.objects.filter(action__plan=mine))
        ),
        **versions.prefixed(
            "reviews", versions.rows(EffectivenessReview.objects.filter(action__plan=mine))
        ),
        "reviews.edited": versions.maximum(
            EffectivenessReview.history.model.objects.filter(action__plan=mine), "history_id"
        ),
        **versions.prefixed("transitions", versions.rows(PlanTransition.objects.filter(plan=mine))),
    }
    return versions.version_of(ActionPlan.objects.filter(pk=plan.pk), parts)

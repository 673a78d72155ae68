"""What the actions app contributes to the assessment report (findings' REPORT_* hooks)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import F

from actions.models import Action, EffectivenessReview


def actions_by_statement(assessment, today: datetime.date | None = None) -> dict[int, list]:
    """Actions answering each statement's findings, keyed by statement id (one query)."""
    rows = (
        Action.objects.filter(findings__topic__assessment=assessment)
        .annotate(statement_id=F("findings__topic__statement_id"))
        .select_related("owner", "review")
        .prefetch_related(Action.objects.follow_ups_prefetch())
        .with_rag(today)
        .order_by("statement_id", "due_date", "pk")
        .distinct()
    )
    grouped: dict[int, list] = defaultdict(list)
    for action in rows:
        grouped[action.statement_id].append(action)
    return dict(grouped)


def report_version_parts(assessment) -> dict:
    """The parts of the assessment report's version (jobs/versions.py) that this app prints:
    the actions answering its findings (edits, links), and how many are red or amber today,
    which the date alone changes. Called as part of the report's one version query, so the
    actions are those of the assessment row being read (OuterRef), whatever `assessment` is."""
    from django.db.models import OuterRef, Q

    from jobs import versions

    mine = OuterRef("pk")
    linked = Action.objects.filter(findings__topic__assessment=mine)
    links = Action.findings.through.objects.filter(finding__topic__assessment=mine)
    rag = linked.with_rag()
    reviews = EffectivenessReview.history.model.objects.filter(
        action__findings__topic__assessment=mine
    )
    follow_ups = Action.objects.filter(follow_up_of__findings__topic__assessment=mine)
    return {
        **versions.rows(linked, edited="updated_at"),
        **versions.prefixed("links", versions.rows(links)),
        # The table prints each action's review and its follow-ups.
        "reviews": versions.maximum(reviews, "history_id"),
        **versions.prefixed("follow_ups", versions.rows(follow_ups, edited="updated_at")),
        "red": versions.count(rag.filter(Q(rag="red"))),
        "amber": versions.count(rag.filter(Q(rag="amber"))),
    }

"""Panels (see core/panels.py): on the statement and finding pages, the actions linked to
the findings and shortfall findings that no action answers yet; on the organisation page, its
action plans by status and its "You said, we did" page. Each reads only the rows of the
organisations the user may see, and offers to add an action where their role there allows."""

from __future__ import annotations

from actions import selectors
from core.panels import Panel


def statement_actions(request, score_record) -> Panel | None:
    if not request.user.has_perm("actions.view_action"):
        return None
    user = request.user
    assessment, statement = score_record.assessment, score_record.statement
    return Panel(
        template_name="actions/_statement_actions.html",
        context={
            "actions": list(selectors.statement_actions(assessment, statement, user=user)),
            "unanswered": list(
                selectors.statement_unanswered(assessment, statement, user=user)[:50]
            ),
            "can_add": user.has_perm("actions.add_action", score_record),
        },
    )


def finding_actions(request, finding) -> Panel | None:
    if not request.user.has_perm("actions.view_action"):
        return None
    return Panel(
        template_name="actions/_finding_actions.html",
        context={
            "finding": finding,
            "actions": list(selectors.finding_actions(finding, user=request.user)),
            "can_add": request.user.has_perm("actions.add_action", finding),
        },
    )


def organisation_actions(request, organisation) -> Panel | None:
    """The organisation's action plans by status, and its "You said, we did" page."""
    if not request.user.has_perm("actions.view_actionplan"):
        return None
    return Panel(
        template_name="actions/_organisation_actions.html",
        context={"organisation": organisation}
        | selectors.organisation_plans(organisation, user=request.user),
    )


def comparison_actions(request, comparison) -> Panel | None:
    """The actions answering each statement's findings in the two compared assessments: how
    many, how many open and overdue (one query)."""
    if not request.user.has_perm("actions.view_action"):
        return None
    counts = selectors.actions_per_statement(
        [comparison.before.pk, comparison.after.pk], user=request.user
    )
    rows = [
        (
            row,
            counts.get((comparison.before.pk, row.statement.pk)),
            counts.get((comparison.after.pk, row.statement.pk)),
        )
        for row in comparison.rows
    ]
    return Panel(
        template_name="actions/_comparison_actions.html",
        context={"comparison": comparison, "rows": rows, "any": bool(counts)},
    )

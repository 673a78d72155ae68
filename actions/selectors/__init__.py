"""Reads for action plan pages and the dashboard: every figure is counted by the database.

- pages.py: the lists, the plan page and the panels on other apps' pages
- dashboard.py: the managers' figures and an officer's own, kept under the data versions
- public.py: "You said, we did" (published entries only) and the wording queue
- status_history.py: the chart's past weeks (read only; services.snapshots records them)
"""

from actions.selectors.dashboard import ActionDashboard, Figure, action_dashboard, my_figures
from actions.selectors.pages import (
    ACTION_OWNER_PERM,
    PLAN_OWNER_PERM,
    action_owners,
    actions_per_statement,
    finding_actions,
    my_action_counts,
    my_overdue_actions,
    organisation_plans,
    plan_actions,
    plan_owners,
    returned_plans,
    statement_actions,
    statement_unanswered,
    unanswered_shortfalls,
)
from actions.selectors.public import (
    PublicEntry,
    source_outcomes,
    wording_queue,
    you_said_we_did,
)
from actions.selectors.status_history import ChartWeek, count_days, status_over_time

__all__ = [
    "ACTION_OWNER_PERM",
    "PLAN_OWNER_PERM",
    "ActionDashboard",
    "ChartWeek",
    "PublicEntry",
    "Figure",
    "action_dashboard",
    "action_owners",
    "actions_per_statement",
    "count_days",
    "finding_actions",
    "plan_owners",
    "my_action_counts",
    "my_figures",
    "my_overdue_actions",
    "organisation_plans",
    "plan_actions",
    "returned_plans",
    "source_outcomes",
    "statement_actions",
    "statement_unanswered",
    "status_over_time",
    "unanswered_shortfalls",
    "wording_queue",
    "you_said_we_did",
]

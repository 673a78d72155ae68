"""Action plan pages. Views are thin: reads through QuerySet methods and selectors, writes through
one service each. Role checks live in the services too, so a forged POST gets the same 403."""

from actions.views.items import (
    ActionCreateView,
    ActionDetailView,
    ActionForFindingView,
    ActionProgressView,
    ActionReviewView,
    ActionUpdateView,
    ActionVerifyView,
    ProgressEvidenceView,
)
from actions.views.lists import (
    ActionListView,
    DueSoonActionsView,
    MyActionsView,
    OverdueActionsView,
    UnansweredShortfallsView,
    YouSaidWeDidView,
)
from actions.views.plans import (
    ApprovalQueueView,
    PlanCreateView,
    PlanDetailView,
    PlanListView,
    PlanTransitionView,
    PlanUpdateView,
)

__all__ = [
    "ActionCreateView",
    "ActionDetailView",
    "ActionForFindingView",
    "ActionListView",
    "ActionProgressView",
    "ActionReviewView",
    "ActionUpdateView",
    "ActionVerifyView",
    "ApprovalQueueView",
    "DueSoonActionsView",
    "MyActionsView",
    "OverdueActionsView",
    "PlanCreateView",
    "PlanDetailView",
    "PlanListView",
    "PlanTransitionView",
    "PlanUpdateView",
    "ProgressEvidenceView",
    "UnansweredShortfallsView",
    "YouSaidWeDidView",
]

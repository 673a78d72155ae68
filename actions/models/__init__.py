"""Improvement action plans: plans, their owned and dated actions, progress and reviews."""

from actions.models.items import (
    AMBER_DAYS,
    RAG_MEANING,
    Action,
    ActionQuerySet,
    EffectivenessReview,
    ProgressUpdate,
    Rag,
    rag_expression,
    rag_for,
)
from actions.models.plans import ActionPlan, ActionPlanQuerySet, PlanTransition
from actions.models.public import FeedbackSource, PublicWording
from actions.models.snapshots import ActionStatusSnapshot

__all__ = [
    "AMBER_DAYS",
    "RAG_MEANING",
    "Action",
    "ActionPlan",
    "ActionPlanQuerySet",
    "ActionQuerySet",
    "ActionStatusSnapshot",
    "EffectivenessReview",
    "FeedbackSource",
    "PlanTransition",
    "ProgressUpdate",
    "PublicWording",
    "Rag",
    "rag_expression",
    "rag_for",
]

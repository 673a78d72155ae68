"""RAG badges and safe links for action plan templates (people: core's `person` filter)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from actions.models import RAG_MEANING, Rag, rag_for

register = template.Library()


@register.inclusion_tag("actions/_rag_badge.html")
def rag_badge(action, show_meaning=False):
    """The action's RAG as a word and a colour, from the with_rag() annotation when present.
    Its meaning is read once: visibly beside the badge (show_meaning) or for screen readers.
    A complete action reviewed as partly or not effective shows that outcome and its
    follow-ups (with their RAG) instead: its own "green, complete" would mislead."""
    if (review := action.shortfall_review) is not None:
        today = timezone.localdate()
        return {
            "review": review,
            "follow_ups": [
                (follow_up, Rag(follow_up.current_rag(today)))
                for follow_up in action.follow_ups.all()
            ],
            "show_meaning": show_meaning,
        }
    value = action.__dict__.get("rag") or rag_for(
        status=action.status, due_date=action.due_date, today=timezone.localdate()
    )
    value = Rag(value)
    return {
        "value": value.value,
        "label": value.label,
        "meaning": RAG_MEANING[value],
        "show_meaning": show_meaning,
        "days_late": action.days_late,
    }


@register.simple_tag
def finding_url(finding) -> str:
    """The finding's page, or "" while the findings app has no such page."""
    try:
        return reverse("findings:finding-detail", args=[finding.pk])
    except NoReverseMatch:
        return ""

import datetime

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from actions.models import Action, ActionPlan, EffectivenessReview, Rag
from assessment.filters import BootstrapFilterSet
from assessment.models import Assessment, Organisation


def _people():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "username")


class ActionPlanFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title")
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), empty_label="All organisations"
    )
    assessment = django_filters.ModelChoiceFilter(
        queryset=Assessment.objects.select_related("organisation"), empty_label="Any assessment"
    )
    status = django_filters.ChoiceFilter(choices=ActionPlan.Status, empty_label="Any status")
    owner = django_filters.ModelChoiceFilter(queryset=_people(), empty_label="Any owner")

    class Meta:
        model = ActionPlan
        fields = ["q", "organisation", "assessment", "status", "owner"]


class ActionFilter(BootstrapFilterSet):
    """Filters for every action list. `rag` filters on the with_rag() annotation, so the view's
    queryset must carry it (ActionQuerySet.for_list does)."""

    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title")
    status = django_filters.ChoiceFilter(choices=Action.Status, empty_label="Any status")
    state = django_filters.ChoiceFilter(
        choices=[("open", "Open only"), ("overdue", "Overdue only")],
        method="filter_state",
        empty_label="Open and complete",
        label="Show",
    )
    rag = django_filters.ChoiceFilter(choices=Rag, empty_label="Any RAG", label="RAG")
    owner = django_filters.ModelChoiceFilter(queryset=_people(), empty_label="Any owner")
    organisation = django_filters.ModelChoiceFilter(
        field_name="plan__organisation",
        queryset=Organisation.objects.all(),
        empty_label="All organisations",
        label="Organisation",
    )
    due_within = django_filters.NumberFilter(
        method="filter_due_within", label="Due within (days)", min_value=0, max_value=3650
    )
    review = django_filters.ChoiceFilter(
        choices=[*EffectivenessReview.Outcome.choices, ("none", "Complete, not yet reviewed")],
        method="filter_review",
        empty_label="Any review",
        label="Review",
    )

    class Meta:
        model = Action
        fields = ["q", "state", "status", "rag", "owner", "organisation", "due_within", "review"]

    def filter_state(self, queryset, name, value):
        return queryset.overdue() if value == "overdue" else queryset.open()

    def filter_due_within(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.open().filter(
            due_date__gte=today, due_date__lte=today + datetime.timedelta(days=int(value))
        )

    def filter_review(self, queryset, name, value):
        if value == "none":
            return queryset.filter(Q(status=Action.Status.COMPLETE) & Q(review__isnull=True))
        return queryset.filter(review__outcome=value)

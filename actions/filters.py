import datetime

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from actions.models import Action, ActionPlan, EffectivenessReview, Rag
from assessment.models import Assessment, Organisation
from assessment.tenancy import people_seen_by
from core.choices import NameChoiceFilter, PersonFilter
from core.filters import BootstrapFilterSet


def _people(request):
    """The people of the organisations the requesting user may see (none without a request):
    another council's people are neither listed nor accepted."""
    if request is None:
        return get_user_model().objects.none()
    return people_seen_by(request.user)


class ActionPlanFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title")
    organisation = NameChoiceFilter(
        queryset=Organisation.objects.all(), empty_label="All organisations"
    )
    assessment = django_filters.ModelChoiceFilter(
        queryset=Assessment.objects.select_related("organisation"), empty_label="Any assessment"
    )
    status = django_filters.ChoiceFilter(choices=ActionPlan.Status, empty_label="Any status")
    owner = PersonFilter(queryset=_people, empty_label="Any owner")

    class Meta:
        model = ActionPlan
        fields = ["q", "organisation", "assessment", "status", "owner"]

    per_organisation = {"assessment": "organisation_id"}


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
    owner = PersonFilter(queryset=_people, empty_label="Any owner")
    organisation = NameChoiceFilter(
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


class OverdueActionFilter(ActionFilter):
    """The Overdue page: every action on it is open and overdue, so no "Show" or due window."""

    class Meta(ActionFilter.Meta):
        fields = ["q", "status", "owner", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("state", "rag", "due_within", "review"):
            self.filters.pop(name, None)


class DueSoonActionFilter(ActionFilter):
    """The Due soon page: open actions due within `days` (the view applies the window)."""

    DAYS_RANGE = (1, 365)  # the view reads ?days= within the same bounds

    days = django_filters.NumberFilter(
        method="keep",
        label="Due within (days)",
        min_value=DAYS_RANGE[0],
        max_value=DAYS_RANGE[1],
    )

    class Meta(ActionFilter.Meta):
        fields = ["q", "days", "status", "owner", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("state", "rag", "due_within", "review"):
            self.filters.pop(name, None)
        self.filters["days"].field.widget.attrs["placeholder"] = "14"

    def keep(self, queryset, name, value):
        return queryset

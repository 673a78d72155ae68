"""Filters of the evidence library (the organisation's) and of an assessment's evidence."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from assessment.models import QualityStatement
from assessment.tenancy import members_of
from core.choices import PersonFilter
from core.filters import BootstrapFilterSet
from findings.models import Evidence, Finding
from findings.models.evidence import REVIEW_NOTICE_DAYS

DUE, OVERDUE, NO_DATE = "due", "overdue", "none"


def _nobody(request):
    """Until the page names its organisation (the view passes it): no one."""
    return get_user_model().objects.none()


class EvidenceFilter(BootstrapFilterSet):
    """An assessment's evidence: by title and kind."""

    title = django_filters.CharFilter(lookup_expr="icontains", label="Title")
    kind = django_filters.ChoiceFilter(choices=Evidence.Kind, empty_label="Any kind")

    class Meta:
        model = Evidence
        fields = ["title", "kind"]


class EvidenceLibraryFilter(BootstrapFilterSet):
    """The organisation's library: text, owner (its members), review, statement, kind."""

    q = django_filters.CharFilter(method="filter_q", label="Search text")
    owner = PersonFilter(queryset=_nobody, empty_label="Anyone", label="Owner")
    review = django_filters.ChoiceFilter(
        method="filter_review",
        label="Review",
        empty_label="Any",
        choices=[
            (DUE, f"Due within {REVIEW_NOTICE_DAYS} days or past"),
            (OVERDUE, "Past its review date"),
            (NO_DATE, "No review date"),
        ],
    )
    statement = django_filters.ModelChoiceFilter(
        method="filter_statement",
        queryset=QualityStatement.objects.in_order(),
        empty_label="All statements",
        label="Quality statement",
    )
    kind = django_filters.ChoiceFilter(choices=Evidence.Kind, empty_label="Any kind")

    class Meta:
        model = Evidence
        fields = ["q", "owner", "review", "statement", "kind"]

    def __init__(self, data=None, *args, organisation=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        if organisation is not None:
            self.filters["owner"].queryset = members_of(organisation)

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(original_filename__icontains=word)
            )
        return queryset

    def filter_review(self, queryset, name, value):
        today = timezone.localdate()
        if value == DUE:
            return queryset.due_for_review(today)
        if value == OVERDUE:
            return queryset.lapsed(today)
        return queryset.filter(review_date__isnull=True)

    def filter_statement(self, queryset, name, value):
        """Supporting a finding of the statement, in any assessment."""
        links = Finding.evidence.through.objects.filter(finding__topic__statement=value)
        return queryset.filter(pk__in=links.values("evidence_id"))

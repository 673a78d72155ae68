import django_filters
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from assessment.models import Assessment, Organisation, QualityStatement, Theme
from core.choices import NameChoiceFilter
from core.filters import BootstrapFilterSet
from findings.models import Finding

# The stored vector of migration 0014 (kept by a trigger), against the words as typed (quotes
# for a phrase, "or", a minus for "not").
_MATCHES = "findings_finding.search_vector @@ websearch_to_tsquery('english'::regconfig, %s)"


def search_findings(queryset, text: str):
    """Full-text search on PostgreSQL (the stored tsvector and its GIN index, migration
    0014); elsewhere every word must appear (a simple contains fallback)."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(RawSQL(_MATCHES, [text], output_field=BooleanField()))
    for word in text.split():
        queryset = queryset.filter(text__icontains=word.strip('"'))
    return queryset


class FindingFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search text")
    organisation = NameChoiceFilter(
        field_name="topic__assessment__organisation",
        queryset=Organisation.objects.all(),
        empty_label="All organisations",
        label="Organisation",
    )
    assessment = django_filters.ModelChoiceFilter(
        field_name="topic__assessment",
        queryset=Assessment.objects.select_related("organisation"),
        empty_label="All assessments",
        label="Assessment",
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="topic__statement__theme",
        queryset=Theme.objects.select_related("framework"),
        empty_label="All themes",
        label="Theme",
    )
    statement = django_filters.ModelChoiceFilter(
        field_name="topic__statement",
        queryset=QualityStatement.objects.in_order(),
        empty_label="All statements",
        label="Quality statement",
    )
    topic = django_filters.CharFilter(
        field_name="topic__title", lookup_expr="icontains", label="Topic"
    )
    source = django_filters.ChoiceFilter(choices=Finding.Source, empty_label="Any source")
    evidence_category = django_filters.ChoiceFilter(
        choices=Finding.EvidenceCategory, empty_label="Any category", label="Category"
    )
    judgement = django_filters.ChoiceFilter(choices=Finding.Judgement, empty_label="Any judgement")

    class Meta:
        model = Finding
        fields = [
            "q",
            "organisation",
            "assessment",
            "theme",
            "statement",
            "topic",
            "source",
            "evidence_category",
            "judgement",
        ]

    per_organisation = {"assessment": "organisation_id"}

    def filter_q(self, queryset, name, value):
        return search_findings(queryset, value)

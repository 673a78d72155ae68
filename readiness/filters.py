import django_filters

from assessment.models import QualityStatement
from core.filters import BootstrapFilterSet
from readiness.models import Metric


def _sources():
    return [
        (source, source)
        for source in Metric.objects.order_by("source_full")
        .values_list("source_full", flat=True)
        .distinct()
    ]


class MetricFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Metric")
    statement = django_filters.ModelChoiceFilter(
        queryset=QualityStatement.objects.filter(metrics__isnull=False).distinct().in_order(),
        empty_label="All statements",
        label="Quality statement",
    )
    source = django_filters.ChoiceFilter(
        field_name="source_full", choices=_sources, empty_label="Any source", label="Source"
    )

    class Meta:
        model = Metric
        fields = ["q", "statement", "source"]

import django_filters

from assessment.models import Assessment, Organisation
from core.choices import NameChoiceFilter
from core.filters import BootstrapFilterSet


class AssessmentFilter(BootstrapFilterSet):
    organisation = NameChoiceFilter(
        queryset=Organisation.objects.all(), empty_label="All organisations"
    )
    status = django_filters.ChoiceFilter(choices=Assessment.Status, empty_label="Any status")
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title")

    class Meta:
        model = Assessment
        fields = ["organisation", "status", "q"]


class OrganisationFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind, empty_label="Any kind")

    class Meta:
        model = Organisation
        fields = ["q", "kind"]

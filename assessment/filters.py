import django_filters
from django import forms

from assessment.models import Assessment, Organisation


class BootstrapFilterSet(django_filters.FilterSet):
    """A FilterSet whose form widgets carry Bootstrap classes (shared by every list page)."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
        return form


class AssessmentFilter(BootstrapFilterSet):
    organisation = django_filters.ModelChoiceFilter(
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

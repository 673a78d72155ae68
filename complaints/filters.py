import django_filters
from django.db.models import Q
from django.utils import timezone

from assessment.models import Organisation
from complaints.models import Complaint, ComplaintCategory, ServiceArea
from complaints.models.clock import (
    ACKNOWLEDGE_WITHIN_WORKING_DAYS,
    financial_year_bounds,
    financial_year_label,
)
from core.choices import NameChoiceFilter
from core.filters import BootstrapFilterSet

YES_NO = [("yes", "Yes"), ("no", "No")]


def _year_choices():
    this_year = timezone.localdate().year
    return [(y, financial_year_label(y)) for y in range(this_year, this_year - 8, -1)]


class ComplaintFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    organisation = NameChoiceFilter(
        queryset=Organisation.objects.order_by("name"), empty_label="All organisations"
    )
    year = django_filters.ChoiceFilter(
        choices=_year_choices, method="in_year", label="Financial year", empty_label="Any year"
    )
    status = django_filters.ChoiceFilter(choices=Complaint.Status, empty_label="Any status")
    outcome = django_filters.ChoiceFilter(
        # Open complaints have none yet; closed ones without a decision have none at all.
        choices=[("none", "No outcome"), *Complaint.Outcome.choices],
        method="with_outcome",
        empty_label="Any outcome",
    )
    category = django_filters.ModelChoiceFilter(
        queryset=ComplaintCategory.objects.order_by("name"), empty_label="Any category"
    )
    service_area = django_filters.ModelChoiceFilter(
        queryset=ServiceArea.objects.order_by("name"), empty_label="Any service area"
    )
    relationship = django_filters.ChoiceFilter(
        choices=Complaint.Relationship, empty_label="Any complainant", label="Complainant"
    )
    procedure = django_filters.ChoiceFilter(choices=Complaint.Procedure, empty_label="Any")
    lgsco_status = django_filters.ChoiceFilter(
        choices=Complaint.LgscoStatus, empty_label="Any", label="LGSCO"
    )
    overdue = django_filters.ChoiceFilter(
        choices=YES_NO, method="is_overdue", label="Overdue", empty_label="Any"
    )
    acknowledgement = django_filters.ChoiceFilter(
        choices=[
            ("on_time", "Within 3 working days"),
            ("late", "Late"),
            ("not_yet", "Not yet"),
        ],
        method="by_acknowledgement",
        label="Acknowledged",
        empty_label="Any",
    )

    class Meta:
        model = Complaint
        fields = [
            "q",
            "organisation",
            "year",
            "status",
            "outcome",
            "category",
            "service_area",
            "relationship",
            "procedure",
            "lgsco_status",
            "overdue",
            "acknowledgement",
        ]

    per_organisation = {"category": "organisation_id", "service_area": "organisation_id"}

    def prepare_form(self, form) -> None:
        super().prepare_form(form)
        if not self.organisation_chosen:
            # A category given by a link, with no organisation chosen: say whose it is.
            for name in ("category", "service_area"):
                form.fields[name].queryset = form.fields[name].queryset.select_related(
                    "organisation"
                )
                form.fields[name].label_from_instance = lambda item: (
                    f"{item.name} ({item.organisation.name})"
                )

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(summary__icontains=value)
            | Q(learning__icontains=value)
            | Q(investigating_officer__icontains=value)
        )

    def in_year(self, queryset, name, value):
        return queryset.filter(date_received__range=financial_year_bounds(int(value)))

    def with_outcome(self, queryset, name, value):
        return queryset.filter(outcome="" if value == "none" else value)

    def is_overdue(self, queryset, name, value):
        return queryset.filter(is_overdue=value == "yes")

    def by_acknowledgement(self, queryset, name, value):
        within = ACKNOWLEDGE_WITHIN_WORKING_DAYS
        return queryset.filter(
            {
                "on_time": Q(ack_working_days__lte=within),
                "late": Q(ack_working_days__gt=within),
                "not_yet": Q(date_acknowledged__isnull=True),
            }[value]
        )

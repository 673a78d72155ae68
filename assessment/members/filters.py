import django_filters
from django.db.models import Q

from assessment.models import Membership
from core.filters import BootstrapFilterSet


class MemberFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(method="search", label="Name, username or e-mail")
    role = django_filters.ChoiceFilter(choices=Membership.Role, empty_label="Any role")
    is_active = django_filters.ChoiceFilter(
        label="Status",
        choices=[("true", "Active"), ("false", "Deactivated")],
        empty_label="Active or not",
        method="status",
    )

    class Meta:
        model = Membership
        fields = ["q", "role", "is_active"]

    def search(self, queryset, name, value):
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(user__username__icontains=word)
                | Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__email__icontains=word)
            )
        return queryset

    def status(self, queryset, name, value):
        return queryset.filter(is_active=value == "true")

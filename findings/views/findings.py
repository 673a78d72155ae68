from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import ListView

from findings.models import Finding


class FindingListView(PermissionRequiredMixin, ListView):
    permission_required = "findings.view_finding"
    paginate_by = settings.PAGE_SIZE
    template_name = "findings/finding_list.html"

    def get_queryset(self):
        return Finding.objects.for_list().order_by("-recorded_at", "-pk")

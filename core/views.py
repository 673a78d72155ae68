"""The bases of pages: every filtered list page, and pages of one object needing their
permissions on that object."""

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django_filters.views import FilterView

from core.pagination import LargeTablePaginator


class PagedFilterView(PermissionRequiredMixin, FilterView):
    """A filtered, paginated list. Invalid filter values show the form errors, not everything."""

    paginate_by = settings.PAGE_SIZE
    paginator_class = LargeTablePaginator
    # Lists over tables that grow to millions of rows set this: unfiltered, they show an
    # estimated total rather than COUNT(*) every row (see core/pagination.py).
    estimate_counts = False
    strict = True

    def count_cap(self) -> int | None:
        """Stop counting matches after this many (None: count them all)."""
        return None

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(
            *args, estimate=self.estimate_counts, count_cap=self.count_cap(), **kwargs
        )


class ObjectPermissionMixin:
    """A page of one object that needs its permissions on that object, not just somewhere:
    `user.has_perm(perm, obj)` for each of `permission_required` (403 when refused). Put it
    after PermissionRequiredMixin, on a view whose get_queryset() is already scoped to the
    user's organisations (so another organisation's object is a 404 before this is asked)."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not all(self.request.user.has_perm(p, obj) for p in self.get_permission_required()):
            raise PermissionDenied(self.get_permission_denied_message())
        return obj

"""The base of every filtered list page."""

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
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

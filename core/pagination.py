"""Pagination that stays cheap on very large tables."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils.functional import cached_property


class LargeTablePaginator(Paginator):
    """Exact counts, except for an unfiltered list over a big PostgreSQL table.

    There, COUNT(*) reads every row (about 100 ms per million); the planner's row estimate
    (kept fresh by autovacuum's ANALYZE) is read instead and the page says "about".
    Filtered lists are always counted exactly.
    """

    estimate_above = 100_000

    def __init__(self, *args, estimate: bool = False, count_cap: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.estimate = estimate  # only lists over big tables ask (it costs one small query)
        # Stop counting after this many rows (a broad full-text search can match a third of
        # the table): the page says "more than" and offers the pages up to the cap.
        self.count_cap = count_cap

    @cached_property
    def capped(self) -> bool:
        return self.count_cap is not None and self._capped_count > self.count_cap

    @cached_property
    def _capped_count(self) -> int:
        queryset = self.object_list
        return queryset.order_by().values("pk")[: self.count_cap + 1].count()

    @cached_property
    def estimated(self) -> bool:
        return self._whole_table[0] is not None

    @cached_property
    def _whole_table(self) -> tuple[int | None, int | None]:
        """(estimate, exact count) for an unfiltered list, in one query: the planner's estimate
        when the table is big, else the exact COUNT(*). The same one query at any size."""
        queryset = self.object_list
        if (
            not self.estimate
            or connection.vendor != "postgresql"
            or not isinstance(queryset, QuerySet)
            or queryset.query.where
            or queryset.query.distinct
            or queryset.query.combinator
        ):
            return None, None
        table = queryset.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint, CASE WHEN reltuples > %s THEN NULL "
                f"ELSE (SELECT COUNT(*) FROM {connection.ops.quote_name(table)}) END "
                "FROM pg_class WHERE oid = %s::regclass",
                [self.estimate_above, table],
            )
            row = cursor.fetchone()
        if row is None:
            return None, None
        estimate, exact = row
        return (estimate, None) if exact is None else (None, exact)

    @cached_property
    def count(self) -> int:
        estimate, exact = self._whole_table
        if estimate is not None:
            return estimate
        if exact is not None:
            return exact
        if self.count_cap is not None and isinstance(self.object_list, QuerySet):
            return min(self._capped_count, self.count_cap)
        return super().count

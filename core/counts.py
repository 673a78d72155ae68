"""Counts from unrelated tables in one query: each a scalar subquery, selected beside one row."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import F, Func, IntegerField, Subquery


class CountOf(Subquery):
    """COUNT of a queryset's rows as a scalar subquery, so that figures from unrelated tables
    come back from the database in one query (see `figures`). `field`: count the distinct
    values of another field instead of the rows. `rows=True`: COUNT(*), for a queryset whose
    joins cannot repeat a row (only foreign keys followed forwards): naming no column, it can
    be answered from a partial index alone (an index-only scan)."""

    def __init__(self, queryset, field: str = "pk", rows: bool = False):
        template = "COUNT(*)" if rows else "COUNT(DISTINCT %(expressions)s)"
        counted = (
            queryset.order_by()
            .annotate(
                _n=Func(F(field), function="COUNT", template=template, output_field=IntegerField())
            )
            .values("_n")
        )
        super().__init__(counted, output_field=IntegerField())


def figures(user, **counts: CountOf) -> dict[str, int]:
    """Evaluate named CountOf expressions in a single query (selected beside the user's row)."""
    if not counts:
        return {}
    return get_user_model().objects.filter(pk=user.pk).values(**counts).get()

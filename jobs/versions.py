"""A document's version: a fingerprint of what it shows, read by the database in one query.

Each part is a scalar subquery (a count, a maximum, a sum) over the rows the document prints,
correlated with the document's own row, so any number of parts is still one query:
- rows added or removed: count and max(pk) (ids only grow, on SQLite too: Django's AUTOINCREMENT);
- rows edited: max(updated_at), or max(history_id) of the simple-history table, which also
  grows when a row is deleted;
- what the date changes (an action turning red): the count in each derived state.
"""

from __future__ import annotations

import hashlib

from django.db.models import Expression, F, Func, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Length


def _scalar(queryset: QuerySet, function: str, expression) -> Subquery:
    # Func, not an aggregate: Django adds no GROUP BY, so this is SELECT MAX(x) FROM ... WHERE.
    value = Func(expression, function=function)
    return Subquery(queryset.order_by().annotate(_v=value).values("_v")[:1])


def count(queryset: QuerySet) -> Expression:
    return Coalesce(_scalar(queryset, "COUNT", F("pk")), Value(0), output_field=IntegerField())


def maximum(queryset: QuerySet, field: str) -> Subquery:
    return _scalar(queryset, "MAX", F(field))


def total_length(queryset: QuerySet, field: str) -> Subquery:
    """Sum of the lengths of a text field: most renames of rows without updated_at show here."""
    return _scalar(queryset, "SUM", Length(field))


def rows(queryset: QuerySet, *, edited: str = "") -> dict[str, Expression]:
    """The usual parts for a set of rows: how many, the newest id and, given the name of an
    auto_now field, the newest edit."""
    parts = {"count": count(queryset), "last": maximum(queryset, "pk")}
    if edited:
        parts["edited"] = maximum(queryset, edited)
    return parts


def version_of(queryset: QuerySet, parts: dict[str, Expression]) -> str:
    """sha256 of the parts, read in one query on the one row of `queryset`."""
    names = {f"_part_{i}": name for i, name in enumerate(sorted(parts))}
    values = queryset.annotate(**{alias: parts[name] for alias, name in names.items()})
    row = values.values(*names).get()
    digest = hashlib.sha256()
    for alias, name in names.items():
        digest.update(f"{name}={row[alias]!s}\x1f".encode())
    return digest.hexdigest()


def prefixed(prefix: str, parts: dict[str, Expression]) -> dict[str, Expression]:
    return {f"{prefix}.{name}": value for name, value in parts.items()}

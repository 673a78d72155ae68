"""A number per organisation that the database changes, in the transaction of the write, with
every write to the rows the readiness checks and the dashboard's action figures are counted
from: what those pages compute is kept in the cache under a key holding the numbers of the
organisations it covers (and the day), so a kept result is never stale and never waits for a
time to run out (docs/performance.md).

Kept by triggers (assessment/version_triggers.py; installed by each app's migration on its own
tables: assessments, statement scores, topics, findings, evidence and its links, plans,
actions, their links and reviews, self-assessments and their evidence, metric values). Writes
that concern every organisation (the framework's statements and metrics, a user's account
activated or deactivated) change the number of `EVERYONE`, which is in every key. PostgreSQL
only: on SQLite (`make run`) no numbers are kept and nothing is cached (`DataVersions.read`
returns None). Never written by the application. After restoring a database from a backup,
clear the cache (its numbers may repeat with other rows behind them).

The cost: each write takes its organisation's row here until its transaction ends, so of two
transactions writing the same organisation's rows the second waits, at its first such write,
for the first to commit (as with ComplaintsVersion); a bulk import holds it to the end.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, models

T = TypeVar("T")

# The row whose number changes with writes that concern every organisation.
EVERYONE = 0
# Change when the shape of what is cached changes: entries kept by the code before are unused.
KEY_FORMAT = 1
# Kept results are never stale (their keys change with the data); the limit only frees memory.
KEEP_SECONDS = 24 * 60 * 60


class DataVersion(models.Model):
    # Not a foreign key: the triggers write while an organisation is being deleted with its
    # rows, and row 0 (EVERYONE) is no organisation. A leftover number is harmless.
    organisation_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        app_label = "assessment"

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.version}"


class DataVersions:
    """The numbers of some organisations (and of EVERYONE), read in one query."""

    def __init__(self, numbers: dict[int, int]):
        self.numbers = numbers

    @classmethod
    def read(cls, organisation_ids: Iterable[int] | None) -> DataVersions | None:
        """The numbers now of these organisations (None: all of them); None when the database
        keeps none (SQLite): then compute, don't cache."""
        if connection.vendor != "postgresql":
            return None
        rows = DataVersion.objects.all()
        if organisation_ids is not None:
            rows = rows.filter(organisation_id__in=[EVERYONE, *organisation_ids])
        return cls(dict(rows.values_list("organisation_id", "version")))

    def key(self, kind: str, organisation_ids: Iterable[int] | None, *parts) -> str:
        """A cache key for `kind` computed from these organisations' rows (None: every
        organisation's, as read) and `parts` (the day, the assessment...): it changes when any
        of their numbers does. An organisation never written has number 0 (its first write
        adds its row, so a key over every organisation changes too)."""
        if organisation_ids is None:
            organisation_ids = self.numbers
        numbers = ",".join(
            f"{pk}={self.numbers.get(pk, 0)}" for pk in sorted({EVERYONE, *organisation_ids})
        )
        if len(numbers) > 200:  # a national viewer's 153 organisations
            numbers = hashlib.sha256(numbers.encode()).hexdigest()
        return ":".join(map(str, ("data", kind, KEY_FORMAT, numbers, *parts)))


def kept(kind: str, organisation_ids: Iterable[int] | None, compute: Callable[[], T], *parts) -> T:
    """compute()'s result for these organisations (None: all), kept in the cache under their
    numbers and `parts` (the day, the user...): one query for the numbers when kept. Computed
    every time where the database keeps no numbers (SQLite)."""
    ids = None if organisation_ids is None else list(organisation_ids)
    versions = DataVersions.read(ids)
    if versions is None:
        return compute()
    key = versions.key(kind, ids, *parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEEP_SECONDS)
    return value

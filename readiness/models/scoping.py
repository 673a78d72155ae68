"""One base for this app's QuerySets: until assessment/tenancy.py's ScopedQuerySet exists,
`for_user(user)` filters nothing (every role sees every organisation, as everywhere today).

Each QuerySet names the path to its organisation in `organisation_lookup` (TENANCY.md); at the
tenancy merge this class inherits ScopedQuerySet and its `for_user` goes, and every page of
this app, which already reads through `for_user`, is scoped with no other change.
"""

from __future__ import annotations

from django.db import models


class ScopedQuerySet(models.QuerySet):
    organisation_lookup = ""

    def for_user(self, user):
        """The rows `user` may see (all of them, until memberships exist)."""
        return self

"""A number per organisation that every change to its complaints changes: the annual complaints
report (and the years offered) are kept in the cache under a key holding it, so a cached report
is never stale, and never waits for a time to run out.

Kept by the database (triggers of complaints migration 0009), in the transaction of the write,
whatever makes it: a complaint added, changed, moved or deleted (by the app, an import's bulk
insert, the admin or raw SQL), a category or service area renamed, a bank holiday changed (the
working-days clock counts them: every organisation's number changes). Never written by the
application.
"""

from django.db import models

from assessment.models import Organisation
from assessment.tenancy import ScopedQuerySet


class ComplaintsVersionQuerySet(ScopedQuerySet):
    organisation_lookup = "organisation"


class ComplaintsVersion(models.Model):
    # No foreign key constraint and no cascade: the triggers may write a row while an
    # organisation is being deleted with its complaints; a leftover number is harmless.
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    version = models.BigIntegerField(default=0)

    objects = ComplaintsVersionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.version}"


def complaints_version(organisation) -> int:
    """The organisation's number now (0 before its first complaint): one query."""
    found = ComplaintsVersion.objects.filter(organisation=organisation).values_list(
        "version", flat=True
    )
    return next(iter(found), 0)

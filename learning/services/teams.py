"""Writes of teams: added, renamed and given members by the organisation's managers."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from assessment.tenancy import members_of, require_perm
from core.concurrency import refuse_duplicates
from core.history import save_if_changed
from learning.models import Team

NOT_MEMBERS = "Choose members of the team's organisation only: %(names)s are not."


def validate_members(organisation, people: Iterable, field: str = "members") -> None:
    """Everyone in `people` is an active member of the organisation (ValidationError on
    `field` naming those who are not)."""
    people = list(people)
    allowed = set(
        members_of(organisation).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    strangers = [str(person) for person in people if person.pk not in allowed]
    if strangers:
        raise ValidationError(
            {field: NOT_MEMBERS % {"names": ", ".join(sorted(strangers))}}, code="not_member"
        )


@transaction.atomic
def save_team(*, team: Team, user, members: Iterable) -> Team:
    """Add a team to its organisation, or save edits to one (never moving it to another
    organisation), with its members: members of the organisation only."""
    stored = None
    if team.pk is None:
        require_perm(
            user,
            "learning.add_team",
            team.organisation if team.organisation_id else None,
            "You may not add teams to this organisation.",
        )
    else:
        stored = Team.objects.select_for_update().get(pk=team.pk)
        require_perm(user, "learning.change_team", stored, "You may not change this team.")
        team.organisation_id = stored.organisation_id
    team.name = (team.name or "").strip()
    team.description = (team.description or "").strip()
    members = list(members)
    team.full_clean()
    validate_members(team.organisation, members)
    with refuse_duplicates(team.full_clean):
        if stored is None:
            team.save()
        else:
            save_if_changed(team, stored)
    team.members.set(members)
    return team

"""Who may be made an owner: a member of the record's organisation whose role there fits
(selectors.plan_owners, selectors.action_owners). The forms offer only them and call these
checks too, so a refusal reads the same on the field whether the form or the service finds it;
people with no role there, or another council's, are refused."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from actions.selectors import action_owners, plan_owners
from assessment.models import Organisation
from core.people import person_name


def _named(organisation) -> Organisation:
    """The organisation itself, for a message (read only when the check fails)."""
    if isinstance(organisation, Organisation):
        return organisation
    return Organisation.objects.get(pk=organisation)


def validate_plan_owner(*, organisation, owner, field: str = "owner") -> None:
    """Refuse (on `field`) an owner who is not a manager of the plan's organisation (an
    Organisation or its id)."""
    if owner is None or organisation is None:
        return
    if not plan_owners([organisation]).filter(pk=owner.pk).exists():
        raise ValidationError(
            {
                field: ValidationError(
                    "%(person)s is not a manager of %(organisation)s: a plan's owner is one "
                    "of its managers.",
                    code="owner_not_member",
                    params={"person": person_name(owner), "organisation": _named(organisation)},
                )
            }
        )


def validate_action_owner(*, organisation, owner, field: str = "owner") -> None:
    """Refuse (on `field`) an owner who is not an officer or manager of the action's
    organisation (an Organisation or its id)."""
    if owner is None or organisation is None:
        return
    if not action_owners(organisation).filter(pk=owner.pk).exists():
        raise ValidationError(
            {
                field: ValidationError(
                    "%(person)s is not an officer or manager of %(organisation)s: an action's "
                    "owner is one of its members.",
                    code="owner_not_member",
                    params={"person": person_name(owner), "organisation": _named(organisation)},
                )
            }
        )

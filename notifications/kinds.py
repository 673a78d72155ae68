"""What people are notified of, and how each kind is delivered unless they choose otherwise.

Other apps name a kind when they call notifications.services.notify(kind, ...); a person's
preferences page lists every kind here, in this order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Delivery(models.TextChoices):
    EMAIL = "email", "Email now"
    DIGEST = "digest", "In the daily digest"
    IN_APP = "in_app", "In the app only"


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    default: str


PLAN_SUBMITTED = "plan_submitted"
PLAN_RETURNED = "plan_returned"
PLAN_APPROVED = "plan_approved"
ACTION_ASSIGNED = "action_assigned"
BRIEF_TO_ACKNOWLEDGE = "brief_to_acknowledge"
COMPLAINT_RESPONSE_DUE = "complaint_response_due"

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind(PLAN_SUBMITTED, "A plan submitted for approval (to managers)", Delivery.EMAIL),
        Kind(PLAN_RETURNED, "Your plan returned for changes", Delivery.EMAIL),
        Kind(PLAN_APPROVED, "Your plan approved", Delivery.EMAIL),
        Kind(ACTION_ASSIGNED, "An action assigned to you", Delivery.EMAIL),
        Kind(BRIEF_TO_ACKNOWLEDGE, "A learning brief to acknowledge", Delivery.EMAIL),
        Kind(
            COMPLAINT_RESPONSE_DUE, "A complaint's response due in 3 working days", Delivery.EMAIL
        ),
    ]
}

CHOICES = [(kind.name, kind.label) for kind in KINDS.values()]


def label(name: str) -> str:
    return KINDS[name].label if name in KINDS else name


def default_delivery(name: str) -> str:
    return KINDS[name].default

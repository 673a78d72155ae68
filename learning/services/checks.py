"""Checks for effect of a published brief, with the follow-up "not embedded" needs: a
re-brief (a new draft of the brief, to publish again) or an action of the organisation."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import Action
from assessment.tenancy import require_perm
from learning.models import EffectivenessCheck, LearningBrief

NOT_PUBLISHED = "Only a published brief can be checked for effect."
BEFORE_BRIEF = "The check cannot be dated before the brief was published (%(date)s)."
FOLLOW_UP_NEEDED = (
    "The learning is not embedded: choose a follow-up action or draft a re-brief, so that "
    "something happens next."
)
WRONG_ACTION = "Choose an action of the brief's organisation."
CASES_NEEDED = "Say how many cases were audited."


def validate_check(
    *,
    brief: LearningBrief,
    date: datetime.date | None,
    method: str,
    cases: int | None,
    result: str,
    follow_up_action: Action | None,
    rebrief: bool,
) -> None:
    """The rules of a check, for the form and record_check alike (errors by field)."""
    errors = {}
    if not brief.is_published:
        raise ValidationError(NOT_PUBLISHED, code="not_published")
    published = timezone.localdate(brief.published_at)
    if date is not None and date < published:
        errors["date"] = BEFORE_BRIEF % {"date": f"{published.day} {published:%b %Y}"}
    if method == EffectivenessCheck.Method.CASE_FILE_AUDIT and not cases:
        errors["cases"] = CASES_NEEDED
    if result == EffectivenessCheck.Result.NOT_EMBEDDED and not (follow_up_action or rebrief):
        errors["follow_up_action"] = FOLLOW_UP_NEEDED
    if follow_up_action is not None and (
        follow_up_action.plan.organisation_id != brief.organisation_id
    ):
        errors["follow_up_action"] = WRONG_ACTION
    if errors:
        raise ValidationError(errors, code="invalid")


@transaction.atomic
def record_check(
    *,
    brief: LearningBrief,
    user,
    date: datetime.date,
    method: str,
    result: str,
    evidence: str,
    cases: int | None = None,
    follow_up_action: Action | None = None,
    rebrief: bool = False,
) -> EffectivenessCheck:
    """Record whether the brief's learning is embedded in practice. "Not embedded" needs a
    follow-up: an action of the organisation, or `rebrief` (a draft copy of the brief with the
    same source and audience, for a manager to publish again)."""
    brief = LearningBrief.objects.select_for_update().get(pk=brief.pk)
    require_perm(
        user, "learning.add_effectivenesscheck", brief, "You may not record checks for this brief."
    )
    validate_check(
        brief=brief,
        date=date,
        method=method,
        cases=cases,
        result=result,
        follow_up_action=follow_up_action,
        rebrief=rebrief,
    )
    check = EffectivenessCheck(
        brief=brief,
        date=date,
        method=method,
        cases=cases,
        result=result,
        evidence=(evidence or "").strip(),
        follow_up_action=follow_up_action,
        recorded_by=user,
    )
    if rebrief:
        check.follow_up_brief = _rebrief(brief, user)
    check.full_clean()
    check.save()
    return check


def _rebrief(brief: LearningBrief, user) -> LearningBrief:
    """A draft copy of the brief: same source, audience and actions, new dates to set."""
    today = timezone.localdate()
    copy = LearningBrief.objects.create(
        organisation_id=brief.organisation_id,
        title=f"Re-brief: {brief.title}"[:200],
        what_happened=brief.what_happened,
        what_to_do=brief.what_to_do,
        recommendation_id=brief.recommendation_id,
        complaint_id=brief.complaint_id,
        finding_id=brief.finding_id,
        rebrief_of=brief,
        acknowledge_by=today + datetime.timedelta(days=14),
        check_due=today + datetime.timedelta(days=90),
        created_by=user,
    )
    copy.audience_teams.set(brief.audience_teams.all())
    copy.audience_people.set(brief.audience_people.all())
    copy.actions.set(brief.actions.all())
    return copy

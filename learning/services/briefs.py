"""Writes of learning briefs: drafting one from its source, attaching files, publishing it to
its audience (fixed then, and told) and acknowledging it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from actions.models import Action
from assessment.tenancy import members_of, organisation_id_of, require_perm
from core.history import save_if_changed
from core.uploads import check_upload
from learning.models import Acknowledgement, AudienceMember, BriefAttachment, LearningBrief, Team
from learning.services.teams import validate_members

NO_LEARNING = "This complaint has no learning identified: record the learning on it first."
WRONG_SOURCE = "Choose a source of this organisation."
WRONG_TEAMS = "Choose teams of the brief's organisation only."
WRONG_ACTIONS = "Choose actions of the brief's organisation only."
NO_AUDIENCE = (
    "Nobody would receive this brief: choose at least one team with members, or named people, "
    "before publishing it."
)
NOT_DRAFT = "This brief is published: its text and audience can no longer be changed."
ALREADY_PUBLISHED = "This brief was already published."
ACKNOWLEDGED_TWICE = "You acknowledged this brief on %(date)s; it is recorded once."
NOT_IN_AUDIENCE = "Only the people this brief was sent to acknowledge it."
NOT_PUBLISHED = "This brief is not published yet: there is nothing to acknowledge."
BRIEF_TO_ACKNOWLEDGE = "brief_to_acknowledge"


def validate_source(brief: LearningBrief) -> None:
    """The brief's one source belongs to its organisation; a complaint has learning."""
    source = brief.source
    if source is None or organisation_id_of(source) != brief.organisation_id:
        raise ValidationError(WRONG_SOURCE, code="wrong_source")
    if brief.complaint_id and not (brief.complaint.learning or "").strip():
        raise ValidationError(NO_LEARNING, code="no_learning")


def validate_audience(brief: LearningBrief, teams, people, actions) -> None:
    """Teams and actions of the brief's organisation; named people its members."""
    errors = {}
    if any(team.organisation_id != brief.organisation_id for team in teams):
        errors["audience_teams"] = WRONG_TEAMS
    if any(organisation_id_of(action) != brief.organisation_id for action in actions):
        errors["actions"] = WRONG_ACTIONS
    try:
        validate_members(brief.organisation, people, field="audience_people")
    except ValidationError as error:
        errors |= error.message_dict
    if errors:
        raise ValidationError(errors, code="invalid")


@transaction.atomic
def save_brief(
    *,
    brief: LearningBrief,
    user,
    teams: Iterable[Team] = (),
    people: Iterable = (),
    actions: Iterable[Action] = (),
    attachment=None,
) -> LearningBrief:
    """Draft a brief (officers and managers of its organisation) or save edits to a draft:
    its text, source, audience, dates and actions, and optionally one more attachment."""
    stored = None
    if brief.pk is None:
        require_perm(
            user,
            "learning.add_learningbrief",
            brief.organisation if brief.organisation_id else None,
            "You may not draft briefs for this organisation.",
        )
        brief.created_by = user
    else:
        stored = LearningBrief.objects.select_for_update().get(pk=brief.pk)
        require_perm(user, "learning.change_learningbrief", stored, "You may not edit this brief.")
        if stored.is_published:
            raise ValidationError(NOT_DRAFT, code="published")
        brief.organisation_id = stored.organisation_id
        brief.status, brief.published_at = stored.status, stored.published_at
    brief.title = (brief.title or "").strip()
    teams, people, actions = list(teams), list(people), list(actions)
    brief.full_clean()
    validate_source(brief)
    validate_audience(brief, teams, people, actions)
    if stored is None:
        brief.save()
    else:
        save_if_changed(brief, stored)
    brief.audience_teams.set(teams)
    brief.audience_people.set(people)
    brief.actions.set(actions)
    if attachment:
        add_attachment(brief, attachment)
    return brief


def add_attachment(brief: LearningBrief, upload) -> BriefAttachment:
    """Check the file as every upload is checked, then keep it with its name as given."""
    try:
        content_type = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"attachment": error.messages}, code="attachment") from None
    return BriefAttachment.objects.create(
        brief=brief,
        file=upload,
        filename=PurePath(upload.name).name[:255],
        content_type=content_type,
    )


def audience_rows(brief: LearningBrief) -> list[AudienceMember]:
    """Who the brief goes to now: each active member of the organisation in each of its
    teams, and each named person (once, named, unless already sent it through a team)."""
    members = set(members_of(brief.organisation).values_list("pk", flat=True))
    rows, reached = [], set()
    memberships = Team.members.through.objects.filter(team__in=brief.audience_teams.all())
    for team_id, person_id in memberships.order_by("team_id", "user_id").values_list(
        "team_id", "user_id"
    ):
        if person_id in members:
            rows.append(AudienceMember(brief=brief, person_id=person_id, team_id=team_id))
            reached.add(person_id)
    for person_id in brief.audience_people.values_list("pk", flat=True):
        if person_id in members and person_id not in reached:
            rows.append(AudienceMember(brief=brief, person_id=person_id, team=None))
            reached.add(person_id)
    return rows


@transaction.atomic
def publish_brief(*, brief: LearningBrief, user) -> LearningBrief:
    """Publish a draft (managers): its audience is fixed as it is now and each person in it is
    told. Refused when nobody would receive it."""
    brief = (
        LearningBrief.objects.select_for_update().select_related("organisation").get(pk=brief.pk)
    )
    require_perm(
        user, "learning.publish_learningbrief", brief, "Only a manager may publish a brief."
    )
    if brief.is_published:
        raise ValidationError(ALREADY_PUBLISHED, code="published")
    rows = audience_rows(brief)
    if not rows:
        raise ValidationError(NO_AUDIENCE, code="no_audience")
    AudienceMember.objects.bulk_create(rows)
    brief.status = LearningBrief.Status.PUBLISHED
    brief.published_at = timezone.now()
    brief.published_by = user
    brief.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    _notify_audience(brief, sorted({row.person_id for row in rows}))
    return brief


def _notify_audience(brief: LearningBrief, people) -> None:
    """Tell everyone the brief was sent to (in the app, and by e-mail as each chose)."""
    from notifications.services import notify

    notify(
        BRIEF_TO_ACKNOWLEDGE,
        people,
        organisation=brief.organisation,
        subject=f"Learning brief to read and acknowledge by {brief.acknowledge_by:%-d %b %Y}: "
        f"{brief.title}",
        url=brief.get_absolute_url(),
        body=brief.what_to_do,
    )


@transaction.atomic
def acknowledge(*, brief: LearningBrief, user, reflection: str = "") -> Acknowledgement:
    """The user has read and understood the brief: once, and only if it was sent to them."""
    # No lock on the brief: many acknowledge at once; the unique key refuses a second one.
    brief = LearningBrief.objects.get(pk=brief.pk)
    require_perm(user, "learning.view_learningbrief", brief, NOT_IN_AUDIENCE)
    if not brief.is_published:
        raise ValidationError(NOT_PUBLISHED, code="not_published")
    if not AudienceMember.objects.filter(brief=brief, person=user).exists():
        raise PermissionDenied(NOT_IN_AUDIENCE)
    earlier = Acknowledgement.objects.filter(brief=brief, person=user).first()
    if earlier is not None:
        raise _twice(earlier)
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(
                brief=brief, person=user, at=timezone.now(), reflection=(reflection or "").strip()
            )
    except IntegrityError:
        raise _twice(Acknowledgement.objects.get(brief=brief, person=user)) from None


def _twice(earlier: Acknowledgement) -> ValidationError:
    date = timezone.localtime(earlier.at)
    return ValidationError(
        ACKNOWLEDGED_TWICE % {"date": f"{date.day} {date:%b %Y}"}, code="acknowledged_twice"
    )

"""The rules of learning's writes: each refusal says why and changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from learning.models import (
    Acknowledgement,
    AudienceMember,
    EffectivenessCheck,
    LearningBrief,
    SARRecommendation,
    Team,
)
from learning.services import briefs, checks, reviews, teams
from tests.actions.factories import ActionFactory
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, make_member
from tests.learning.factories import (
    BriefFactory,
    CheckFactory,
    RecommendationFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db
EMBEDDED = EffectivenessCheck.Result.EMBEDDED
NOT_EMBEDDED = EffectivenessCheck.Result.NOT_EMBEDDED
AUDIT = EffectivenessCheck.Method.CASE_FILE_AUDIT


def test_team_members_are_members_of_its_organisation(organisation, manager, other_organisation):
    stranger = UserFactory(username="stranger")
    make_member(stranger, other_organisation, "officer")
    team = Team(organisation=organisation, name="Deaf services")
    with pytest.raises(ValidationError) as refused:
        teams.save_team(team=team, user=manager, members=[manager, stranger])
    assert "stranger" in refused.value.message_dict["members"][0]
    assert not Team.objects.exists()
    teams.save_team(team=team, user=manager, members=[manager])
    assert list(team.members.all()) == [manager]


def test_team_names_are_unique_in_an_organisation_whatever_their_case(organisation, manager):
    TeamFactory(organisation=organisation, name="Deaf services")
    with pytest.raises(ValidationError, match="already has a team of this name"):
        teams.save_team(
            team=Team(organisation=organisation, name="deaf Services "), user=manager, members=[]
        )


def test_officers_may_not_run_teams(organisation, officer):
    with pytest.raises(PermissionDenied):
        teams.save_team(team=Team(organisation=organisation, name="X"), user=officer, members=[])


def test_publishing_fixes_the_audience_and_refuses_an_empty_one(organisation, manager):
    empty_team = TeamFactory(organisation=organisation)
    brief = BriefFactory(organisation=organisation, teams=[empty_team])
    with pytest.raises(ValidationError, match="Nobody would receive this brief"):
        briefs.publish_brief(brief=brief, user=manager)
    brief.refresh_from_db()
    assert brief.status == LearningBrief.Status.DRAFT
    assert not AudienceMember.objects.exists()


def test_officers_draft_but_may_not_publish(organisation, officer):
    brief = BriefFactory(organisation=organisation, people=[officer])
    with pytest.raises(PermissionDenied):
        briefs.publish_brief(brief=brief, user=officer)
    assert LearningBrief.objects.get().status == LearningBrief.Status.DRAFT


def test_acknowledging_twice_is_refused_with_the_first_date(organisation, officer):
    brief = BriefFactory(organisation=organisation, people=[officer], published=True)
    briefs.acknowledge(brief=brief, user=officer, reflection="I will phone the provider.")
    with pytest.raises(ValidationError) as refused:
        briefs.acknowledge(brief=brief, user=officer)
    today = timezone.localdate()
    assert refused.value.messages == [
        f"You acknowledged this brief on {today.day} {today:%b %Y}; it is recorded once."
    ]
    assert Acknowledgement.objects.get().reflection == "I will phone the provider."


def test_only_the_audience_acknowledges_and_only_a_published_brief(organisation, officer, viewer):
    draft = BriefFactory(organisation=organisation, people=[officer])
    with pytest.raises(ValidationError, match="not published yet"):
        briefs.acknowledge(brief=draft, user=officer)
    brief = BriefFactory(organisation=organisation, people=[viewer], published=True)
    with pytest.raises(PermissionDenied):
        briefs.acknowledge(brief=brief, user=officer)
    # A viewer in the audience acknowledges their own brief.
    briefs.acknowledge(brief=brief, user=viewer)
    assert list(Acknowledgement.objects.values_list("person", flat=True)) == [viewer.pk]


def test_a_brief_from_a_complaint_needs_learning_identified(organisation, officer):
    complaint = ComplaintFactory(organisation=organisation, learning="")
    brief = LearningBrief(
        organisation=organisation,
        title="Tell people when a visit is cancelled",
        what_happened="A visit was cancelled without telling the family.",
        what_to_do="Phone the family the same day.",
        complaint=complaint,
        acknowledge_by=timezone.localdate(),
        check_due=timezone.localdate(),
    )
    with pytest.raises(ValidationError, match="no learning identified"):
        briefs.save_brief(brief=brief, user=officer, people=[officer])
    complaint.learning = "Families were not told of cancellations."
    complaint.save()
    briefs.save_brief(brief=brief, user=officer, people=[officer])
    assert brief.source == complaint


def test_a_brief_takes_a_source_teams_and_actions_of_its_own_organisation(
    organisation, officer, other_organisation
):
    foreign = BriefFactory(organisation=other_organisation)
    brief = BriefFactory.build(organisation=organisation, recommendation=foreign.recommendation)
    with pytest.raises(ValidationError, match="Choose a source of this organisation"):
        briefs.save_brief(brief=brief, user=officer)
    brief = BriefFactory(organisation=organisation)
    with pytest.raises(ValidationError) as refused:
        briefs.save_brief(
            brief=brief,
            user=officer,
            teams=[TeamFactory(organisation=other_organisation)],
            actions=[ActionFactory(plan__assessment__organisation=other_organisation)],
        )
    assert set(refused.value.message_dict) == {"audience_teams", "actions"}


def test_attachments_are_checked_like_every_upload(organisation, officer):
    brief = BriefFactory(organisation=organisation)
    fake = SimpleUploadedFile("guide.pdf", b"MZ this is a program")
    with pytest.raises(ValidationError) as refused:
        briefs.save_brief(brief=brief, user=officer, attachment=fake)
    assert "does not contain what its name says" in refused.value.message_dict["attachment"][0]
    guide = SimpleUploadedFile("guide.pdf", b"%PDF-1.7 a practice guide")
    briefs.save_brief(brief=brief, user=officer, attachment=guide)
    assert brief.attachments.get().content_type == "application/pdf"


def test_a_published_brief_is_not_edited(organisation, officer):
    brief = BriefFactory(organisation=organisation, people=[officer], published=True)
    brief.title = "Changed"
    with pytest.raises(ValidationError, match="can no longer be changed"):
        briefs.save_brief(brief=brief, user=officer, people=[officer])


# --- checks for effect ---------------------------------------------------------------------


def _check(brief, user, **overrides):
    values = {
        "date": timezone.localdate(),
        "method": AUDIT,
        "cases": 12,
        "result": EMBEDDED,
        "evidence": "11 of 12 files show the provider was phoned on the day.",
    }
    return checks.record_check(brief=brief, user=user, **(values | overrides))


def test_not_embedded_is_refused_without_a_follow_up(organisation, officer):
    brief = BriefFactory(organisation=organisation, people=[officer], published=True)
    with pytest.raises(ValidationError) as refused:
        _check(brief, officer, result=NOT_EMBEDDED)
    assert "follow-up" in refused.value.message_dict["follow_up_action"][0]
    assert not EffectivenessCheck.objects.exists()
    action = ActionFactory(plan__assessment__organisation=organisation)
    check = _check(brief, officer, result=NOT_EMBEDDED, follow_up_action=action)
    assert check.follow_up_action == action


def test_not_embedded_with_a_rebrief_drafts_the_brief_again(organisation, officer, three_teams):
    brief = BriefFactory(organisation=organisation, teams=three_teams, published=True)
    check = _check(brief, officer, result=NOT_EMBEDDED, rebrief=True)
    again = check.follow_up_brief
    assert (again.status, again.rebrief_of, again.recommendation) == (
        LearningBrief.Status.DRAFT,
        brief,
        brief.recommendation,
    )
    assert set(again.audience_teams.all()) == set(three_teams)


def test_a_check_dated_before_the_brief_is_refused(organisation, officer):
    published = timezone.now() - datetime.timedelta(days=3)
    brief = BriefFactory(organisation=organisation, people=[officer], published=published)
    day_before = timezone.localdate(published) - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        _check(brief, officer, date=day_before)
    assert "before the brief was published" in refused.value.message_dict["date"][0]
    assert not EffectivenessCheck.objects.exists()


def test_a_draft_is_not_checked_and_an_audit_says_how_many_cases(organisation, officer):
    with pytest.raises(ValidationError, match="Only a published brief"):
        _check(BriefFactory(organisation=organisation), officer)
    brief = BriefFactory(organisation=organisation, people=[officer], published=True)
    with pytest.raises(ValidationError) as refused:
        _check(brief, officer, cases=None)
    assert "cases" in refused.value.message_dict


# --- SAR recommendations -------------------------------------------------------------------


def test_closing_a_recommendation_with_unchecked_briefs_is_refused(organisation, manager):
    recommendation = RecommendationFactory(review__organisation=organisation)
    checked = BriefFactory(
        organisation=organisation, recommendation=recommendation, people=[manager], published=True
    )
    CheckFactory(brief=checked)
    waiting = BriefFactory(
        organisation=organisation, recommendation=recommendation, title="Phone on the day"
    )
    recommendation.status = SARRecommendation.Status.CLOSED
    with pytest.raises(ValidationError) as refused:
        reviews.save_recommendation(recommendation=recommendation, user=manager)
    assert "“Phone on the day” have not been checked" in refused.value.message_dict["status"][0]
    assert SARRecommendation.objects.get().status == SARRecommendation.Status.OPEN
    waiting.delete()
    reviews.save_recommendation(recommendation=recommendation, user=manager)
    stored = SARRecommendation.objects.get()
    assert stored.status == SARRecommendation.Status.CLOSED
    assert stored.closed_at is not None


def test_a_recommendations_owner_is_a_member_of_its_organisation(
    organisation, manager, other_organisation
):
    recommendation = RecommendationFactory(review__organisation=organisation)
    recommendation.owner = other_organisation.memberships.get().user
    with pytest.raises(ValidationError, match="active member"):
        reviews.save_recommendation(recommendation=recommendation, user=manager)

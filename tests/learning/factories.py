"""Factories of the learning app: teams, SARs and recommendations, briefs (draft or published,
with their audience fixed as publish_brief fixes it), acknowledgements and checks."""

import datetime

import factory
from django.utils import timezone

from assessment.models import Membership
from learning.models import (
    Acknowledgement,
    EffectivenessCheck,
    LearningBrief,
    SafeguardingAdultsReview,
    SARRecommendation,
    Team,
)
from learning.services.briefs import audience_rows
from tests.assessment.factories import OrganisationFactory
from tests.factories import UserFactory, make_member


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Locality team {n}")


def team_of(organisation, name: str, size: int, role: str = Membership.Role.OFFICER) -> Team:
    """A team of `size` new members of the organisation."""
    team = TeamFactory(organisation=organisation, name=name)
    people = [UserFactory() for _ in range(size)]
    for person in people:
        make_member(person, organisation, role)
    team.members.set(people)
    return team


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingAdultsReview

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"SAR: Adult {n}")
    board = "Northshire Safeguarding Adults Board"
    published = datetime.date(2025, 5, 1)
    summary = "Adult A was discharged home without a care package and was found after a fall."


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SARRecommendation

    review = factory.SubFactory(ReviewFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Discharge planning includes a check that the care package has started."
    owner = factory.LazyAttribute(
        lambda rec: make_member(UserFactory(), rec.review.organisation, "manager").user
    )


class BriefFactory(factory.django.DjangoModelFactory):
    """A draft brief from a SAR recommendation of its organisation; `published=True` publishes
    it (its audience fixed from its teams and named people, as publish_brief does)."""

    class Meta:
        model = LearningBrief
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Check the care package has started ({n})")
    what_happened = "A man was sent home from hospital; his care never started."
    what_to_do = "Phone the provider on the day of discharge and record that care started."
    recommendation = factory.SubFactory(
        RecommendationFactory, review__organisation=factory.SelfAttribute("...organisation")
    )
    acknowledge_by = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(14))
    check_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(90))

    @factory.post_generation
    def teams(self, create, teams, **kwargs):
        if create and teams:
            self.audience_teams.set(teams)

    @factory.post_generation
    def people(self, create, people, **kwargs):
        if create and people:
            self.audience_people.set(people)

    @factory.post_generation
    def published(self, create, published, **kwargs):
        if create and published:
            publish(self, published if isinstance(published, datetime.datetime) else None)


def publish(brief: LearningBrief, at: datetime.datetime | None = None) -> LearningBrief:
    """Publish without telling anyone (the service's notifications are tested on their own)."""
    from learning.models import AudienceMember

    AudienceMember.objects.bulk_create(audience_rows(brief))
    brief.status = LearningBrief.Status.PUBLISHED
    brief.published_at = at or timezone.now()
    brief.save()
    return brief


def acknowledge(brief, person, at=None, reflection: str = "") -> Acknowledgement:
    return Acknowledgement.objects.create(
        brief=brief, person=person, at=at or timezone.now(), reflection=reflection
    )


class CheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EffectivenessCheck

    brief = factory.SubFactory(BriefFactory, published=True)
    date = factory.LazyFunction(timezone.localdate)
    method = EffectivenessCheck.Method.CASE_FILE_AUDIT
    cases = 10
    result = EffectivenessCheck.Result.EMBEDDED
    evidence = "8 of 10 discharges had the provider's start confirmed on the day."

"""Factories for "You said, we did": feedback sources and public wording."""

import factory
from django.utils import timezone

from actions.models import FeedbackSource, PublicWording
from tests.actions.factories import ReviewFactory
from tests.assessment.factories import OrganisationFactory


class FeedbackSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackSource

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Carers' forum {n}")
    kind = FeedbackSource.Kind.FORUM
    description = "Carers who meet monthly with the council's commissioners."


class PublicWordingFactory(factory.django.DjangoModelFactory):
    """Draft wording of a review; `approved=True` makes it approved (by the review's reviewer)."""

    class Meta:
        model = PublicWording
        skip_postgeneration_save = True

    class Params:
        approved = factory.Trait(
            status=PublicWording.Status.APPROVED,
            approved_by=factory.SelfAttribute("review.reviewer"),
            approved_at=factory.LazyFunction(timezone.now),
        )

    review = factory.SubFactory(ReviewFactory)
    you_said = factory.Sequence(lambda n: f"Carers said nobody told them what happened next ({n}).")
    we_did = "We now write to every carer within ten days."
    what_changed = "Carers hear back within ten days."
    next_steps = ""

    @factory.post_generation
    def sources(self, create, sources, **kwargs):
        if create and sources:
            self.sources.set(sources)

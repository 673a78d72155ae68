"""Factories for action plans. Findings are made here too (not from the findings tests) so
these tests depend only on the findings models."""

import datetime

import factory
from django.utils import timezone

from actions.models import Action, ActionPlan, EffectivenessReview, ProgressUpdate
from assessment.models import QualityStatement
from findings.models import Finding, Topic
from tests.assessment.factories import AssessmentFactory
from tests.factories import UserFactory


class ShortfallTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["assessment", "statement", "title"]

    assessment = factory.SubFactory(AssessmentFactory)
    statement = factory.LazyAttribute(
        lambda o: QualityStatement.objects.get(
            framework=o.assessment.framework, slug="safeguarding"
        )
    )
    title = "Learning from safeguarding"
    order = factory.Sequence(lambda n: n)  # positions are unique within a statement


class ShortfallFindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    topic = factory.SubFactory(ShortfallTopicFactory)
    order = factory.Sequence(lambda n: n)  # positions are unique within a topic
    text = factory.Sequence(lambda n: f"Partners told us learning was not monitored ({n}).")
    source = Finding.Source.PARTNERS
    judgement = Finding.Judgement.SHORTFALL


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    assessment = factory.SubFactory(AssessmentFactory)
    organisation = factory.SelfAttribute("assessment.organisation")
    title = factory.Sequence(lambda n: f"Improvement plan {n}")
    purpose = "Answer the inspection's shortfalls."
    owner = factory.SubFactory(UserFactory)
    status = ActionPlan.Status.DRAFT


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    success_measure = "Audit shows the change in practice."
    status = Action.Status.NOT_STARTED
    completed_on = factory.LazyAttribute(
        lambda o: timezone.localdate() if o.status == Action.Status.COMPLETE else None
    )
    # A complete action is verified complete by a manager (its review needs it); give
    # verified_by=None for one awaiting that check.
    verified_by = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status == Action.Status.COMPLETE),
        yes_declaration=factory.SubFactory(UserFactory),
        no_declaration=None,
    )
    verified_at = factory.LazyAttribute(lambda o: timezone.now() if o.verified_by else None)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SelfAttribute("action.owner")
    text = "Met the team and agreed the approach."


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EffectivenessReview

    action = factory.SubFactory(ActionFactory, status=Action.Status.COMPLETE)
    reviewer = factory.SubFactory(UserFactory)
    outcome = EffectivenessReview.Outcome.EFFECTIVE
    evidence = "Audit of 20 cases showed the new practice in 18."


def verified_complete(action: Action) -> None:
    """Mark the action complete today and verified complete by its plan's owner, in the
    database only (no progress update, no history): what a review needs first."""
    Action.objects.filter(pk=action.pk).update(
        status=Action.Status.COMPLETE,
        completed_on=timezone.localdate(),
        verified_by=action.plan.owner,
        verified_at=timezone.now(),
    )

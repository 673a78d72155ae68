import factory

from assessment.models import QualityStatement
from findings.models import Evidence, Finding, Topic
from tests.assessment.factories import AssessmentFactory, OrganisationFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    assessment = factory.SubFactory(AssessmentFactory)
    statement = factory.LazyAttribute(
        lambda o: QualityStatement.objects.get(framework=o.assessment.framework, order=9)
    )
    title = factory.Sequence(lambda n: f"Topic {n}")
    order = factory.Sequence(lambda n: n)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    topic = factory.SubFactory(TopicFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Staff told us about improvement number {n}.")
    source = Finding.Source.STAFF
    judgement = Finding.Judgement.NOT_REVIEWED


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    class Params:
        # Evidence of an assessment's organisation (the assessment itself is not recorded).
        assessment = None

    organisation = factory.LazyAttribute(
        lambda o: o.assessment.organisation if o.assessment is not None else OrganisationFactory()
    )
    title = factory.Sequence(lambda n: f"Evidence {n}")
    kind = Evidence.Kind.NOTE

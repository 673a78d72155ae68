import factory

from assessment import services
from assessment.framework_loader import CQC_LOCAL_AUTHORITY_FILE
from assessment.models import Assessment, Framework, Organisation, QualityStatement, Theme

# The organisation the factories' records belong to unless a test names another: the `officer`,
# `manager` and `viewer` fixtures are its members (tests/conftest.py).
TEST_ORGANISATION = "Test Borough Council"


class OrganisationFactory(factory.django.DjangoModelFactory):
    """The shared test organisation; with a name, that organisation (made once)."""

    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = TEST_ORGANISATION
    region = "North West"


def cqc_framework() -> Framework:
    return services.load_framework_file(CQC_LOCAL_AUTHORITY_FILE)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment of the CQC framework with one unscored record per statement."""

    class Meta:
        model = Assessment

    organisation = factory.SubFactory(OrganisationFactory)
    framework = factory.LazyFunction(lambda: Framework.objects.get(slug="cqc-local-authority"))
    title = factory.Sequence(lambda n: f"Adult social care {2020 + n % 10} #{n}")
    status = Assessment.Status.IN_PROGRESS

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_assessment(assessment=model_class(*args, **kwargs), user=None)


def score_all(assessment: Assessment, scores: list[int | None]) -> Assessment:
    """Score the assessment's statements in framework order."""
    records = list(assessment.scores.order_by("statement__order"))
    assert len(records) == len(scores), "give one score per statement"
    for record, score in zip(records, scores, strict=True):
        services.set_statement_score(score_record=record, score=score, summary="", user=None)
    return assessment


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    slug = factory.Sequence(lambda n: f"framework-{n}")
    name = factory.Sequence(lambda n: f"Framework {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    framework = factory.SubFactory(FrameworkFactory)
    order = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"theme-{n}")
    title = factory.Sequence(lambda n: f"Theme {n}")


class QualityStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityStatement

    theme = factory.SubFactory(ThemeFactory)
    framework = factory.SelfAttribute("theme.framework")
    order = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"statement-{n}")
    title = factory.Sequence(lambda n: f"Statement {n}")
    commitment = "We do the right thing."

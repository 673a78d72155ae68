"""The data versions (assessment/data_versions.py) that the readiness checks and the
dashboard's action figures are kept in the cache under: the database changes an organisation's
number with every write to the rows those figures are counted from, in the statement that
writes, whoever writes (the app, a bulk update, raw SQL); only that organisation's; and the
number of every organisation (EVERYONE) for writes that concern all of them."""

import pytest
from django.db import connection

from actions.models import Action
from assessment.data_versions import EVERYONE, DataVersion
from assessment.models import Assessment, Organisation, QualityStatement, StatementScore
from findings.models import Evidence, Finding
from readiness.models import Metric, MetricValue, SelfAssessmentEvidence
from tests.actions.factories import ActionFactory, ActionPlanFactory, ReviewFactory
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.findings.factories import EvidenceFactory, FindingFactory, TopicFactory
from tests.readiness.factories import MetricValueFactory, StatementSelfAssessmentFactory

pytestmark = pytest.mark.django_db


def _numbers() -> dict[int, int]:
    return dict(DataVersion.objects.values_list("organisation_id", "version"))


def _changed(write) -> set[int]:
    """The organisations (EVERYONE: 0) whose number the write changed."""
    before = _numbers()
    write()
    after = _numbers()
    return {pk for pk, number in after.items() if number != before.get(pk, 0)}


@pytest.fixture
def world(cqc_framework):
    """An organisation's assessment with a finding, evidence, a plan and an action, and another
    organisation's assessment beside it."""
    assessment = AssessmentFactory()
    AssessmentFactory()  # another organisation's, never to change
    finding = FindingFactory(topic=TopicFactory(assessment=assessment))
    plan = ActionPlanFactory(assessment=assessment)
    return {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "score": assessment.scores.first(),
        "finding": finding,
        "evidence": EvidenceFactory(assessment=assessment),
        "plan": plan,
        "action": ActionFactory(plan=plan),
    }


def _writes(w) -> dict[str, callable]:
    """One write to each table the figures read, of `w`'s organisation."""
    return {
        "organisation renamed": lambda: Organisation.objects.filter(pk=w["organisation"].pk).update(
            name="Renamed council"
        ),
        "assessment retitled": lambda: Assessment.objects.filter(pk=w["assessment"].pk).update(
            title="Retitled"
        ),
        "statement scored": lambda: StatementScore.objects.filter(pk=w["score"].pk).update(score=2),
        "topic added": lambda: TopicFactory(assessment=w["assessment"]),
        "finding added": lambda: FindingFactory(topic=w["finding"].topic),
        "finding judged": lambda: Finding.objects.filter(pk=w["finding"].pk).update(
            judgement=Finding.Judgement.SHORTFALL
        ),
        "evidence added": lambda: EvidenceFactory(assessment=w["assessment"]),
        "evidence past review": lambda: Evidence.objects.filter(pk=w["evidence"].pk).update(
            review_date="2020-01-01"
        ),
        "evidence linked to a finding": lambda: w["evidence"].findings.add(w["finding"]),
        "evidence unlinked": lambda: w["evidence"].findings.remove(w["finding"]),
        "plan added": lambda: ActionPlanFactory(assessment=w["assessment"]),
        "action added": lambda: ActionFactory(plan=w["plan"]),
        "action moved on": lambda: Action.objects.filter(pk=w["action"].pk).update(
            status=Action.Status.BLOCKED
        ),
        "action answers a finding": lambda: w["action"].findings.add(w["finding"]),
        "review added": lambda: ReviewFactory(action=ActionFactory(plan=w["plan"])),
        "self-assessment written": lambda: StatementSelfAssessmentFactory(score_record=w["score"]),
        "evidence tagged to the self-assessment": lambda: SelfAssessmentEvidence.objects.create(
            self_assessment=w["score"].self_assessment, evidence=w["evidence"]
        ),
        "metric value recorded": lambda: MetricValueFactory(organisation=w["organisation"]),
        "action deleted": lambda: Action.objects.filter(pk=w["action"].pk).delete(),
        "finding deleted": lambda: Finding.objects.get(pk=w["finding"].pk).delete(),
    }


def test_each_write_changes_its_organisations_number_only(world):
    assert connection.vendor == "postgresql"  # the versions are PostgreSQL's (README: make test)
    changed = {name: _changed(write) for name, write in _writes(world).items()}
    assert changed == {name: {world["organisation"].pk} for name in changed}


def test_a_bulk_write_changes_each_organisations_number_once(cqc_framework):
    first, second = ActionFactory(), ActionFactory()
    ActionFactory(plan=first.plan)
    before = _numbers()
    Action.objects.update(status=Action.Status.BLOCKED)  # one statement, three actions
    after = _numbers()
    organisations = {first.plan.organisation_id, second.plan.organisation_id}
    assert {pk: after[pk] - before[pk] for pk in organisations} == dict.fromkeys(organisations, 1)


def test_writes_that_concern_every_organisation_change_everyones_number(world, manager):
    statement = QualityStatement.objects.first()
    assert _changed(
        lambda: QualityStatement.objects.filter(pk=statement.pk).update(
            i_statements=["I am heard."]
        )
    ) == {EVERYONE}
    assert _changed(
        lambda: Metric.objects.filter(pk=Metric.objects.first().pk).update(name="Renamed metric")
    ) == {EVERYONE}
    # A deactivated account changes "every open action has an owner who can log in".
    manager.is_active = False
    assert _changed(manager.save) == {EVERYONE}
    # Logging in (last_login) or any other change of a user changes nothing.
    manager.first_name = "Renamed"
    assert _changed(manager.save) == set()


def test_another_organisations_write_leaves_the_first_ones_number(world):
    other = OrganisationFactory()
    assert _changed(lambda: EvidenceFactory(organisation=other)) == {other.pk}
    assert _changed(lambda: MetricValue.objects.all().delete()) == set()  # none to delete

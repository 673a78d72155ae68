"""Each readiness check fires on a record made to trip it and clears when it is fixed; the
counts come from the database (selectors.readiness reads them in one query)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from assessment.services import set_statement_score
from findings.models import Finding
from readiness.checks import CHECKS
from readiness.selectors.readiness import assessment_readiness, statement_readiness
from readiness.services.self_assessment import save_self_assessment
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.assessment.factories import AssessmentFactory
from tests.factories import UserFactory
from tests.findings.factories import EvidenceFactory, FindingFactory, TopicFactory
from tests.readiness.factories import value_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def problems(record, key: str) -> int:
    return statement_readiness(record).result(key).problems


def finding_of(record, **values) -> Finding:
    topic = TopicFactory(assessment=record.assessment, statement=record.statement)
    return FindingFactory(topic=topic, **values)


def self_assess(record, user, **values):
    return save_self_assessment(
        score_record=record, user=user, score=values.pop("score", 3), **values
    )


def test_scored_with_no_finding(record):
    assert problems(record, "finding") == 0  # not scored: nothing to back up yet
    set_statement_score(score_record=record, score=3, summary="", user=None)
    assert problems(record, "finding") == 1
    finding_of(record)
    assert problems(record, "finding") == 0


def test_scored_with_no_evidence(record, officer):
    self_assess(record, officer)  # a self-score counts as scored too
    assert problems(record, "evidence") == 1
    evidence = EvidenceFactory(assessment=record.assessment)
    finding = finding_of(record)
    evidence.findings.add(finding)
    assert problems(record, "evidence") == 0
    evidence.findings.clear()
    assert problems(record, "evidence") == 1
    self_assess(record, officer, evidence={0: [evidence]})  # or linked by the self-assessment
    assert problems(record, "evidence") == 0


def test_evidence_of_another_statement_does_not_count(record, officer):
    self_assess(record, officer)
    other = record.assessment.scores.get(statement__slug="safeguarding")
    EvidenceFactory(assessment=record.assessment).findings.add(finding_of(other))
    assert problems(record, "evidence") == 1


def test_evidence_past_its_review_date(record, officer):
    self_assess(record, officer)
    evidence = EvidenceFactory(
        assessment=record.assessment, review_date=TODAY - datetime.timedelta(days=1)
    )
    assert problems(record, "review") == 0  # not behind this statement: not its problem
    evidence.findings.add(finding_of(record))
    assert problems(record, "review") == 1
    evidence.review_date = TODAY  # reviewed: due again today, not past
    evidence.save()
    assert problems(record, "review") == 0
    lapsed = EvidenceFactory(
        assessment=record.assessment, review_date=TODAY - datetime.timedelta(days=30)
    )
    self_assess(record, officer, evidence={0: [lapsed]})  # linked by the self-assessment
    assert problems(record, "review") == 1
    # Linked to the same statement of another assessment only: not this assessment's problem.
    other = AssessmentFactory(organisation=record.assessment.organisation)
    stale = EvidenceFactory(assessment=other, review_date=TODAY - datetime.timedelta(days=9))
    stale.findings.add(finding_of(other.scores.get(statement=record.statement)))
    assert problems(record, "review") == 1


@pytest.mark.parametrize("category", Finding.EvidenceCategory.values)
def test_an_evidence_category_with_nothing_behind_it(record, category):
    assert problems(record, category) == 1
    finding_of(record, evidence_category=category)
    assert problems(record, category) == 0
    others = [c for c in Finding.EvidenceCategory.values if c != category]
    assert [problems(record, c) for c in others] == [1, 1, 1]


def test_an_i_statement_with_no_evidence_tagged(record, officer):
    assert len(record.statement.i_statements) == 2
    assert problems(record, "i_statements") == 2
    first, second = EvidenceFactory.create_batch(2, assessment=record.assessment)
    self_assess(record, officer, evidence={0: [first, second], 1: [first]})
    assert problems(record, "i_statements") == 1  # linked to the statement is not tagged
    self_assess(record, officer, evidence={1: [first], 2: [second, first]})
    assert problems(record, "i_statements") == 0
    governance = record.assessment.scores.get(
        statement__slug="governance-management-sustainability"
    )
    assert problems(governance, "i_statements") == 0  # a statement without I statements


def test_a_shortfall_with_no_action(record):
    shortfall = finding_of(record, judgement=Finding.Judgement.SHORTFALL)
    finding_of(record, judgement=Finding.Judgement.STRENGTH)
    assert problems(record, "shortfalls") == 1
    action = ActionFactory(plan=ActionPlanFactory(assessment=record.assessment))
    action.findings.add(shortfall)
    assert problems(record, "shortfalls") == 0


def _action(record, **values) -> Action:
    action = ActionFactory(plan=ActionPlanFactory(assessment=record.assessment), **values)
    action.findings.add(finding_of(record), finding_of(record))  # counted once all the same
    return action


def test_actions_overdue(record):
    action = _action(record, due_date=TODAY - datetime.timedelta(days=1))
    _action(record, due_date=TODAY)  # due today is not overdue
    assert problems(record, "overdue") == 1
    Action.objects.filter(pk=action.pk).update(status=Action.Status.COMPLETE, completed_on=TODAY)
    assert problems(record, "overdue") == 0


def test_actions_whose_owner_can_no_longer_log_in(record):
    gone = UserFactory(is_active=False)
    action = _action(record, owner=gone)
    _action(record, owner=gone, status=Action.Status.COMPLETE)  # done: needs no owner
    assert problems(record, "owners") == 1
    Action.objects.filter(pk=action.pk).update(owner=UserFactory())
    assert problems(record, "owners") == 0


def test_a_metric_without_a_value_for_the_latest_period(assessment):
    organisation = assessment.organisation
    healthier = assessment.scores.get(statement__slug="supporting-healthier-lives")
    needs = assessment.scores.get(statement__slug="assessing-needs")
    first, second = healthier.statement.metrics.in_order()
    assert problems(healthier, "metrics") == 2  # no value at all
    value_for(organisation, first, 2024, 61)
    value_for(organisation, second, 2023, 70)
    assert problems(healthier, "metrics") == 1  # 2023-24 is older than the survey's 2024-25
    value_for(organisation, second, 2024, 72)
    assert problems(healthier, "metrics") == 0
    # The latest period is per source: a carers' survey (SACE) value of 2025-26 does not make
    # the Adult Social Care Survey's metrics late, an ASCS one does.
    carers = needs.statement.metrics.filter(source_full__contains="SACE").first()
    value_for(organisation, carers, 2025, 40)
    assert problems(healthier, "metrics") == 0
    ascs = needs.statement.metrics.filter(source_full__contains="ASCS").first()
    value_for(organisation, ascs, 2025, 66)
    assert problems(healthier, "metrics") == 2


def test_another_organisations_values_do_not_count(assessment, cqc_metrics):
    from tests.assessment.factories import OrganisationFactory

    healthier = assessment.scores.get(statement__slug="supporting-healthier-lives")
    other = OrganisationFactory(name="Another Borough Council")
    for metric in healthier.statement.metrics.all():
        value_for(other, metric, 2024, 50)
    assert problems(healthier, "metrics") == 2


def test_every_check_is_counted_in_one_query(assessment, django_assert_num_queries):
    for record in assessment.scores.all()[:3]:
        finding_of(record, judgement=Finding.Judgement.SHORTFALL)
    # The organisation's data version, then every fact of every statement.
    with django_assert_num_queries(2):
        readiness = assessment_readiness(assessment)
    assert readiness.total == 9 * len(CHECKS) == 108
    assert readiness.problems("shortfalls") == 3
    assert readiness.passed == sum(item.passed for item in readiness.statements)
    # Again with nothing written: the facts are kept (the version only).
    with django_assert_num_queries(1):
        again = assessment_readiness(assessment)
    assert again.problems("shortfalls") == 3


def test_a_kept_readiness_changes_with_the_next_write(assessment):
    record = assessment.scores.first()
    assert assessment_readiness(assessment).problems("shortfalls") == 0
    shortfall = finding_of(record, judgement=Finding.Judgement.SHORTFALL)
    assert assessment_readiness(assessment).problems("shortfalls") == 1
    assert statement_readiness(record).result("shortfalls").problems == 1
    Finding.objects.filter(pk=shortfall.pk).update(judgement=Finding.Judgement.STRENGTH)
    assert assessment_readiness(assessment).problems("shortfalls") == 0


def test_each_failing_check_links_to_the_records_to_fix(record):
    item = statement_readiness(record)
    statement_page = reverse(
        "assessment:statement-detail", args=[record.assessment_id, "assessing-needs"]
    )
    form = reverse(
        "readiness:statement-self-assessment", args=[record.assessment_id, "assessing-needs"]
    )
    assert item.result("people_experience").url == f"{statement_page}#findings"
    assert item.result("shortfalls").url == f"{statement_page}#statement-actions-heading"
    assert item.result("i_statements").url == f"{form}#i-statements-heading"
    assert item.result("evidence").url == f"{form}#evidence-heading"
    metrics = reverse("readiness:metric-list", args=[record.assessment.organisation_id])
    assert item.result("metrics").url == f"{metrics}?statement={record.statement_id}"
    library = reverse("findings:evidence-library", args=[record.assessment.organisation_id])
    assert item.result("review").url == f"{library}?review=overdue"

import pytest

from actions.models import ActionPlan
from tests.actions.factories import ActionFactory, ActionPlanFactory, ShortfallFindingFactory
from tests.assessment.factories import AssessmentFactory


@pytest.fixture
def assessment(cqc_framework):
    return AssessmentFactory()


@pytest.fixture
def finding(assessment):
    return ShortfallFindingFactory(topic__assessment=assessment)


@pytest.fixture
def plan(assessment, manager, officer):
    """A draft plan the officer drafted and the manager owns."""
    return ActionPlanFactory(assessment=assessment, owner=manager, created_by=officer)


@pytest.fixture
def approved_plan(assessment, manager):
    return ActionPlanFactory(
        assessment=assessment, owner=manager, status=ActionPlan.Status.APPROVED
    )


@pytest.fixture
def officer_action(approved_plan, officer):
    return ActionFactory(plan=approved_plan, owner=officer)

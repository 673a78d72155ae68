import pytest

from assessment.roles import MANAGER
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.assessment.factories import AssessmentFactory
from tests.factories import UserFactory, make_member


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://tracker.example.gov.uk"


@pytest.fixture
def second_manager(organisation):
    return make_member(UserFactory(username="maya"), organisation, MANAGER).user


@pytest.fixture
def plan(cqc_framework, organisation, officer, manager):
    """A draft plan the officer drafted (the manager owns it), with one action: submittable."""
    plan = ActionPlanFactory(
        assessment=AssessmentFactory(organisation=organisation),
        owner=manager,
        created_by=officer,
        title="Safeguarding learning",
    )
    ActionFactory(plan=plan, owner=officer)
    return plan

import pytest

from tests.assessment.factories import OrganisationFactory
from tests.factories import UserFactory, make_member
from tests.learning.factories import team_of


@pytest.fixture
def three_teams(organisation):
    """Three teams of 20 people in all (4, 8 and 8), no one in two of them."""
    return [
        team_of(organisation, "Hospital Discharge and Reablement", 4),
        team_of(organisation, "Deaf services", 8),
        team_of(organisation, "Front door", 8),
    ]


@pytest.fixture
def other_organisation(db):
    other = OrganisationFactory(name="Elsewhere Council")
    make_member(UserFactory(username="elsewhere-manager"), other, "manager")
    return other

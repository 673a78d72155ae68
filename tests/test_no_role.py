"""A logged-in user with no role sees a page saying so, and who can give one; no data."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from assessment.models import Assessment
from tests.assessment.factories import AssessmentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLE = "Zanzibar borough adult social care 2031"


@pytest.fixture
def assessment(cqc_framework):
    return AssessmentFactory(title=TITLE, status=Assessment.Status.PUBLISHED)


def test_no_role_page_shows_no_data(client, nobody, assessment, settings):
    settings.SUPPORT_CONTACT = "the IT service desk, 01632 960000"
    client.force_login(nobody)
    response = client.get(reverse("dashboard"))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "You have no role yet" in page
    assert (
        "Ask a manager of your organisation or an administrator to give you the role your work "
        "needs" in page
    )
    assert "the IT service desk, 01632 960000" in page
    assert TITLE not in page
    assert "Assessments by status" not in page
    assert "Recent assessments" not in page
    for key in ("status_counts", "recent_assessments", "actions", "my_actions", "complaints"):
        assert key not in response.context


def test_an_officer_still_sees_the_dashboard(officer_client, assessment):
    page = officer_client.get(reverse("dashboard")).content.decode()
    assert "You have no role yet" not in page
    assert TITLE in page


def test_a_superuser_without_groups_sees_the_dashboard(client, assessment):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    page = client.get(reverse("dashboard")).content.decode()
    assert "You have no role yet" not in page
    assert TITLE in page


def test_a_permission_given_in_the_admin_is_a_role_and_shows_only_its_data(client, assessment):
    """Someone given only the complaints permission sees the complaints figures, not the
    assessments."""
    user = UserFactory(username="complaints-clerk")
    user.user_permissions.add(Permission.objects.get(codename="view_complaint"))
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    page = response.content.decode()
    assert "You have no role yet" not in page
    assert 'data-testid="complaints-dashboard"' in page
    assert TITLE not in page
    assert "Assessments by status" not in page

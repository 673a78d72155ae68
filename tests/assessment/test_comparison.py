import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.assessment.factories import AssessmentFactory, OrganisationFactory, score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(cqc_framework):
    council = OrganisationFactory(name="Northshire")
    earlier = AssessmentFactory(
        organisation=council, title="ASC 2023", start_date=datetime.date(2023, 5, 1)
    )
    later = AssessmentFactory(
        organisation=council, title="ASC 2025", start_date=datetime.date(2025, 5, 1)
    )
    score_all(earlier, [2] * 9)
    score_all(later, [3] * 8 + [2])
    return council, earlier, later


def test_two_assessments_side_by_side(officer_client, council, django_assert_max_num_queries):
    organisation, earlier, later = council
    url = reverse("assessment:organisation-compare", args=[organisation.pk])
    # Fixed: the two assessments' choices are rendered twice (two selects), scores in one query;
    # and the user's memberships, read once per request.
    with django_assert_max_num_queries(12):
        response = officer_client.get(url)  # defaults to the two latest, earlier first
    comparison = response.context["comparison"]
    assert (comparison.before, comparison.after) == (earlier, later)
    assert str(comparison.before_result) == "50% Requires improvement"
    assert str(comparison.after_result) == "72% Good"  # 26/36
    assert comparison.percent_change == 22
    changes = [row.change for row in comparison.rows]
    assert changes == [1] * 8 + [0]
    content = response.content.decode()
    assert "Up 22 points" in content
    assert content.count("<strong>Up 1</strong>") == 8
    assert "No change" in content


def test_comparing_an_assessment_with_itself_is_refused(officer_client, council):
    organisation, earlier, _ = council
    url = reverse("assessment:organisation-compare", args=[organisation.pk])
    response = officer_client.get(url, {"before": earlier.pk, "after": earlier.pk})
    assert "Choose two different assessments." in response.content.decode()
    assert "comparison" not in response.context


def test_assessments_of_another_organisation_cannot_be_chosen(officer_client, council):
    organisation, earlier, _ = council
    other = AssessmentFactory(organisation=OrganisationFactory(name="Elsewhere"))
    url = reverse("assessment:organisation-compare", args=[organisation.pk])
    response = officer_client.get(url, {"before": earlier.pk, "after": other.pk})
    assert response.status_code == HTTPStatus.OK
    assert "after" in response.context["form"].errors

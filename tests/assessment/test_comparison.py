import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.assessment.factories import AssessmentFactory, OrganisationFactory, score_all
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(cqc_framework, officer):
    council = OrganisationFactory(name="Northshire")
    make_member(officer, council, "officer")
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
    # Fixed: the two assessments' choices are rendered twice (two selects), scores in one query,
    # findings by judgement and actions per statement in one each; and the user's memberships,
    # read once per request.
    with django_assert_max_num_queries(15):
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


def test_scores_read_as_labels_not_as_numbers_twice(officer_client, council):
    """The cell showed the badge "2" and then "2" again ("2 2"): now the label."""
    organisation, _, _ = council
    url = reverse("assessment:organisation-compare", args=[organisation.pk])
    content = officer_client.get(url).content.decode()
    assert '<span class="small">2</span>' not in content
    assert content.count('<span class="small">Evidence shows some shortfalls</span>') == 10
    assert content.count('<span class="small">Evidence shows a good standard</span>') == 8


def test_findings_by_judgement_and_actions_per_statement(
    officer_client, council, django_assert_max_num_queries
):
    from actions.models import Action
    from tests.actions.factories import ActionFactory, ActionPlanFactory
    from tests.findings.factories import FindingFactory, TopicFactory

    organisation, earlier, later = council
    old_topic = TopicFactory(assessment=earlier)  # Learning, improvement and innovation
    new_topic = TopicFactory(assessment=later)
    FindingFactory.create_batch(30, topic=old_topic, judgement="shortfall")
    FindingFactory.create_batch(25, topic=new_topic, judgement="strength")
    FindingFactory.create_batch(5, topic=new_topic, judgement="shortfall")
    plan = ActionPlanFactory(assessment=earlier)
    answered = list(old_topic.findings.all())
    for i in range(6):
        action = ActionFactory(
            plan=plan,
            status=Action.Status.COMPLETE if i < 4 else Action.Status.IN_PROGRESS,
            due_date=datetime.date(2020, 1, 1) if i == 5 else datetime.date(2030, 1, 1),
        )
        action.findings.add(*answered[i * 5 : i * 5 + 5])
    url = reverse("assessment:organisation-compare", args=[organisation.pk])
    with django_assert_max_num_queries(15):  # + the user's memberships, read once
        response = officer_client.get(url)
    content = response.content.decode()
    findings = content[content.index('data-testid="compare-findings"') :]
    row = findings[findings.index("Learning, improvement and innovation") :]
    row = row[: row.index("</tr>")]
    assert "Shortfall: <strong>30</strong>" in row
    assert "Strength: <strong>25</strong>" in row
    assert "Shortfall: <strong>5</strong>" in row
    actions = content[content.index('data-testid="compare-actions"') :]
    row = actions[actions.index("Learning, improvement and innovation") :]
    row = row[: row.index("</tr>")]
    assert "<strong>6</strong> actions: 4 complete, 2 open" in row
    assert "(1 overdue)" in row


def test_assessments_the_user_may_not_see_are_not_offered_nor_compared(officer_client, council):
    """An assessment of another organisation cannot be named, even by its id; and another
    organisation's comparison page is not found."""
    organisation, earlier, _ = council
    elsewhere = OrganisationFactory(name="Elsewhere")
    hidden = AssessmentFactory(organisation=elsewhere, title="HIDDEN 2024")
    url = reverse("assessment:organisation-compare", args=[organisation.pk])
    response = officer_client.get(url, {"before": hidden.pk, "after": earlier.pk})
    assert "before" in response.context["form"].errors
    assert "comparison" not in response.context
    assert "HIDDEN 2024" not in response.content.decode()
    theirs = reverse("assessment:organisation-compare", args=[elsewhere.pk])
    assert officer_client.get(theirs).status_code == HTTPStatus.NOT_FOUND

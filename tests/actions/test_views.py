import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import Action, ActionPlan, EffectivenessReview, PlanTransition
from tests.actions.factories import (
    ActionFactory,
    ActionPlanFactory,
    ProgressUpdateFactory,
    ReviewFactory,
    ShortfallFindingFactory,
    verified_complete,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def many_actions(plan, owner, finding, n=55):
    """n actions on the plan in every status, each linked to a finding, some reviewed."""
    statuses = list(Action.Status.values)
    for i in range(n):
        status = statuses[i % 4]
        action = ActionFactory(
            plan=plan, owner=owner, status=status, due_date=TODAY() + (i - 20) * DAY
        )
        action.findings.add(finding, ShortfallFindingFactory(topic=finding.topic))
        ProgressUpdateFactory(action=action)
        if status == Action.Status.COMPLETE and i % 8 == 3:
            ReviewFactory(action=action, reviewer=owner)


# --- permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["actions:plan-list", "actions:my-actions", "actions:overdue", "actions:due-soon"]
)
def test_pages_need_a_role(client, nobody, url_name):
    assert client.get(reverse(url_name)).status_code == HTTPStatus.FOUND  # to login
    client.force_login(nobody)
    assert client.get(reverse(url_name)).status_code == HTTPStatus.FORBIDDEN


def test_officer_cannot_see_the_approval_queue(officer_client):
    response = officer_client.get(reverse("actions:approval-queue"))
    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("name", ["approve", "return", "close"])
def test_officer_post_to_manager_steps_is_403_and_changes_nothing(officer_client, plan, name):
    ActionFactory(plan=plan)
    plan.status = ActionPlan.Status.APPROVED if name == "close" else ActionPlan.Status.SUBMITTED
    plan.save()
    url = reverse("actions:plan-transition", args=[plan.pk, name])
    response = officer_client.post(url, {"comment": "Looks fine to me"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    plan.refresh_from_db()
    assert plan.status in ("submitted", "approved")
    assert not PlanTransition.objects.exists()


def test_approving_a_draft_shows_a_clear_message(manager_client, plan):
    ActionFactory(plan=plan)
    url = reverse("actions:plan-transition", args=[plan.pk, "approve"])
    response = manager_client.post(url, follow=True)
    assert "only a plan that is submitted for approval can be approved" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_non_owner_officer_progress_post_is_403(client, officer_action):
    from assessment.roles import OFFICER

    client.force_login(UserFactory(role=OFFICER))
    url = reverse("actions:action-progress", args=[officer_action.pk])
    response = client.post(url, {"text": "Not mine", "date": TODAY().isoformat()})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not officer_action.updates.exists()


def test_officer_review_post_is_403(officer_client, officer_action):
    verified_complete(officer_action)
    url = reverse("actions:action-review", args=[officer_action.pk])
    response = officer_client.post(url, {"outcome": "effective", "evidence": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not EffectivenessReview.objects.exists()


# --- journeys through the forms --------------------------------------------------------------


def test_officer_creates_action_from_finding_with_a_new_draft_plan(
    officer_client, officer, manager, finding
):
    url = reverse("actions:action-for-finding") + f"?finding={finding.pk}"
    page = officer_client.get(url)
    assert "Start a draft plan" in page.content.decode()
    response = officer_client.post(url, {"title": "Safeguarding plan", "owner": manager.pk})
    plan = ActionPlan.objects.get(title="Safeguarding plan")
    assert plan.status == "draft"
    assert plan.assessment == finding.topic.assessment
    create_url = reverse("actions:action-create", args=[plan.pk]) + f"?finding={finding.pk}"
    assert response.url == create_url
    form_page = officer_client.get(create_url)
    assert list(form_page.context["form"].initial["findings"]) == [finding]
    response = officer_client.post(
        create_url,
        {
            "title": "Monitor SAR learning",
            "owner": manager.pk,  # ignored: officers own what they draft
            "due_date": (TODAY() + 30 * DAY).isoformat(),
            "priority": 1,
            "success_measure": "Audit shows change",
            "findings": [finding.pk],
        },
    )
    action = Action.objects.get(title="Monitor SAR learning")
    assert response.url == plan.get_absolute_url()
    assert action.owner == officer
    assert list(action.findings.all()) == [finding]
    # With one plan that can take it, the finding's link goes straight to the form.
    assert officer_client.get(url).url == create_url


def test_manager_returns_with_comment_and_it_shows(officer_client, manager, plan, client):
    ActionFactory(plan=plan)
    officer_client.post(reverse("actions:plan-transition", args=[plan.pk, "submit"]))
    client.force_login(manager)
    client.post(
        reverse("actions:plan-transition", args=[plan.pk, "return"]),
        {"comment": "Add a date for the SAR audit."},
    )
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Returned for changes" in page
    assert "Add a date for the SAR audit." in page


def test_completing_without_text_shows_error_and_changes_nothing(officer_client, officer_action):
    url = reverse("actions:action-progress", args=[officer_action.pk])
    response = officer_client.post(
        url, {"text": "ok", "status_to": "complete", "date": TODAY().isoformat()}
    )
    assert response.status_code == HTTPStatus.OK
    assert "say what was done" in response.content.decode()
    officer_action.refresh_from_db()
    assert officer_action.status == "not_started"


def test_not_effective_review_with_follow_up(manager_client, officer_action):
    verified_complete(officer_action)
    response = manager_client.post(
        reverse("actions:action-review", args=[officer_action.pk]),
        {
            "outcome": "not_effective",
            "evidence": "No change in audit.",
            "date": TODAY().isoformat(),
            "follow_up_title": "Re-audit",
            "follow_up_due": (TODAY() + 60 * DAY).isoformat(),
            "follow_up_owner": officer_action.owner_id,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    follow_up = Action.objects.get(follow_up_of=officer_action)
    page = manager_client.get(officer_action.get_absolute_url()).content.decode()
    assert "Not effective" in page
    assert follow_up.title in page


def test_action_list_filters_by_rag_and_review(officer_client, officer_action, approved_plan):
    ActionFactory(plan=approved_plan, title="Late one", due_date=TODAY() - DAY)
    response = officer_client.get(reverse("actions:action-list"), {"rag": "red"})
    assert [a.title for a in response.context["object_list"]] == ["Late one"]
    response = officer_client.get(reverse("actions:action-list"), {"review": "effective"})
    assert list(response.context["object_list"]) == []


# --- query counts with 50+ actions -----------------------------------------------------------


@pytest.fixture
def big_plan(approved_plan, officer, finding):
    many_actions(approved_plan, officer, finding)
    return approved_plan


@pytest.mark.parametrize(
    ("url_name", "max_queries"),
    [
        # On PostgreSQL the unfiltered list's total is the size estimate or COUNT(*), in one query.
        # Each count includes the user's memberships, read once per request (one query), the
        # navigation bar's count of unread notifications (one), and
        # the follow-ups prefetched with the rows (an action reviewed as not fully effective
        # shows its follow-ups where its RAG would be).
        ("actions:action-list", 12),
        ("actions:my-actions", 12),
        ("actions:overdue", 12),
        ("actions:due-soon", 12),
        ("actions:plan-list", 10),
        ("actions:approval-queue", 8),
        ("actions:unanswered-shortfalls", 7),
        ("dashboard", 17),  # 2 of them the readiness panel's
    ],
)
def test_list_query_counts_are_fixed(
    manager_client, manager, big_plan, django_assert_max_num_queries, url_name, max_queries
):
    Action.objects.update(owner=manager)
    for _ in range(30):
        ActionPlanFactory(assessment=big_plan.assessment, status=ActionPlan.Status.SUBMITTED)
    services.record_action_snapshots()  # as the daily command does: the chart reads them back
    manager_client.get(reverse(url_name))
    with django_assert_max_num_queries(max_queries):
        response = manager_client.get(reverse(url_name))
    assert response.status_code == HTTPStatus.OK


def test_plan_detail_query_count(manager_client, big_plan, django_assert_max_num_queries):
    # 12: the user's memberships, read once per request; the actions' follow-ups prefetched
    # (shown for actions reviewed not fully effective).
    with django_assert_max_num_queries(13):
        response = manager_client.get(big_plan.get_absolute_url())
    assert len(response.context["actions"]) == 50
    assert response.context["counts"]["total"] == 55


def test_action_detail_query_count(manager_client, officer_action, django_assert_max_num_queries):
    for i in range(55):
        ProgressUpdateFactory(action=officer_action, text=f"Update {i}")
    # +1 since memberships: the user's, read once per request.
    with django_assert_max_num_queries(12):
        response = manager_client.get(officer_action.get_absolute_url())
    assert response.status_code == HTTPStatus.OK


def test_you_said_we_did_query_count(manager_client, big_plan, django_assert_max_num_queries):
    # +1 since memberships: the user's, read once per request.
    with django_assert_max_num_queries(9):
        response = manager_client.get(
            reverse("actions:you-said-we-did", args=[big_plan.organisation_id])
        )
    assert response.status_code == HTTPStatus.OK
    # Completed actions without approved public wording are not published (see
    # tests/actions/test_you_said_we_did.py for the page with entries).
    assert "Nothing is published yet" in response.content.decode()


def test_statement_panel_shows_actions_and_unanswered(
    officer_client, big_plan, finding, django_assert_max_num_queries
):
    lonely = ShortfallFindingFactory(topic=finding.topic, text="Nobody answers this one.")
    url = reverse("assessment:statement-detail", args=[finding.topic.assessment_id, "safeguarding"])
    # The findings panel's own queries are included; the actions panel adds two.
    with django_assert_max_num_queries(17):  # with the memberships, read once per request
        response = officer_client.get(url)
    content = response.content.decode()
    assert "Unanswered shortfalls (1)" in content
    assert lonely.text in content
    assert f"?finding={lonely.pk}" in content


def test_action_form_query_count_with_many_findings(
    manager_client, big_plan, django_assert_max_num_queries
):
    # +1 since memberships: the user's, read once per request.
    with django_assert_max_num_queries(11):
        response = manager_client.get(reverse("actions:action-create", args=[big_plan.pk]))
    assert len(response.context["form"].fields["findings"].queryset) == 56


def test_unknown_step_is_404(manager_client, plan):
    url = reverse("actions:plan-transition", args=[plan.pk, "publish"])
    assert manager_client.post(url).status_code == HTTPStatus.NOT_FOUND


def test_finding_panel_lists_actions_and_offers_create(rf, officer, officer_action, finding):
    from actions.panels import finding_actions

    officer_action.findings.add(finding)
    request = rf.get("/")
    request.user = officer
    panel = finding_actions(request, finding)
    assert panel.template_name == "actions/_finding_actions.html"
    assert list(panel.context["actions"]) == [officer_action]
    assert panel.context["actions"][0].rag == "green"
    assert panel.context["can_add"] is True
    request.user = UserFactory(username="no_role")
    assert finding_actions(request, finding) is None


def test_finding_page_shows_the_actions_panel(officer_client, officer_action, finding):
    officer_action.findings.add(finding)
    url = reverse("findings:finding-detail", args=[finding.pk])
    content = officer_client.get(url).content.decode()
    assert "Actions answering this finding" in content
    assert officer_action.title in content
    assert f"{reverse('actions:action-for-finding')}?finding={finding.pk}" in content

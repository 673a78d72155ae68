"""What a QA reviewer found trying the action plans as a new user (items 8 to 15: pages,
dashboard, accessibility), each pinned by a test. Items 1 to 7: test_qa_fixes.py."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from actions import demo, services
from actions.models import Action, ActionPlan
from tests.actions.factories import (
    ActionFactory,
    ActionPlanFactory,
)
from tests.actions.test_qa_fixes import DAY, TODAY, content
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- 8. the organisation page and "You said, we did" -----------------------------------------


def test_organisation_page_shows_its_plans_and_you_said_we_did(
    officer_client, plan, approved_plan, django_assert_max_num_queries
):
    for _ in range(50):
        ActionFactory(plan=approved_plan)
    ActionPlanFactory.create_batch(55, assessment=plan.assessment)
    url = reverse("assessment:organisation-detail", args=[plan.organisation_id])
    # The organisation page's own 6 queries, one for this panel, one for the metrics panel,
    # one for the user's memberships (read once per request), one for the evidence panel's
    # counts, one for the navbar's unread notifications.
    with django_assert_max_num_queries(11):
        response = officer_client.get(url)
    page = content(response)
    assert 'data-testid="organisation-actions"' in page
    assert reverse("actions:you-said-we-did", args=[plan.organisation_id]) in page
    assert "56 draft" in page
    assert "1 approved" in page
    assert "All 57 plans" in page
    assert len(response.context["panels"][0].context["plans"]) == 20


def test_organisation_panel_hidden_without_the_permission(rf, nobody, plan):
    from actions.panels import organisation_actions

    request = rf.get("/")
    request.user = nobody
    assert organisation_actions(request, plan.organisation) is None


def test_you_said_we_did_has_breadcrumbs_and_links_the_organisation(officer_client, plan):
    page = content(
        officer_client.get(reverse("actions:you-said-we-did", args=[plan.organisation_id]))
    )
    org_url = reverse("assessment:organisation-detail", args=[plan.organisation_id])
    assert 'aria-label="breadcrumb"' in page
    assert page.count(f'href="{org_url}"') >= 2


# --- 9. complaints and unanswered shortfalls on the dashboard --------------------------------


def test_dashboard_counts_complaints_and_links_to_the_filtered_list(manager_client):
    ComplaintFactory(response_due=TODAY() - 5 * DAY, date_received=TODAY() - 40 * DAY)
    ComplaintFactory(response_due=TODAY() + 5 * DAY, date_received=TODAY() - 10 * DAY)
    response = manager_client.get(reverse("dashboard"))
    assert response.context["complaints"] == {"open": 2, "overdue": 1}
    page = content(response)
    assert f'href="{reverse("complaints:complaint-list")}?overdue=yes"' in page
    assert f'href="{reverse("complaints:complaint-list")}?status=open"' in page


def test_officer_dashboard_shows_unanswered_shortfalls(officer_client, finding):
    response = officer_client.get(reverse("dashboard"))
    assert response.context["unanswered_count"] == 1
    assert reverse("actions:unanswered-shortfalls") in content(response)


def test_officer_dashboard_query_count(officer_client, officer, django_assert_max_num_queries):
    for _ in range(55):
        plan = ActionPlanFactory(status=ActionPlan.Status.RETURNED, created_by=officer)
        ActionFactory(plan=plan, owner=officer)
    # All the officer's figures in one query (kept under the data versions of their
    # organisations: one more), the complaints' in one, the returned plans in one; the
    # readiness panel's (the latest assessments, then their checks); the user's memberships,
    # read once per request; the learning panel's counts; the navbar's unread notifications.
    with django_assert_max_num_queries(14):
        response = officer_client.get(reverse("dashboard"))
    assert len(response.context["returned_plans"]) == 10


# --- 10. accessibility: RAG read once; 403 reasons in English --------------------------------


def test_rag_meaning_is_said_once_on_the_action_page(officer_client, officer_action):
    Action.objects.filter(pk=officer_action.pk).update(status=Action.Status.BLOCKED)
    page = content(officer_client.get(officer_action.get_absolute_url()))
    rag = page.split('data-testid="action-rag">')[1].split("</dd>")[0]
    assert rag.lower().count("overdue or blocked") == 1
    assert "title=" not in rag


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("approve", "Only a manager may approve an action plan."),
        ("return", "Only a manager may return an action plan for changes."),
        ("close", "Only a manager may close an action plan."),
    ],
)
def test_refusals_read_as_english(officer, plan, name, message):
    with pytest.raises(PermissionDenied) as refused:
        services.transition_plan(plan=plan, name=name, by=officer, comment="x")
    assert str(refused.value) == message


# --- 11. owners by name ----------------------------------------------------------------------


def test_owner_filter_lists_full_names(officer_client, officer):
    UserFactory(username="nameless", first_name="", last_name="", role="officer")
    response = officer_client.get(reverse("actions:action-list"))
    labels = [label for _, label in response.context["filter"].form.fields["owner"].choices]
    assert officer.get_full_name() in labels
    assert "nameless" in labels
    assert officer.username not in labels


# --- 12 and 13. display labels in messages; late completion ----------------------------------


def test_completion_message_uses_the_display_label(officer_client, officer_action):
    response = officer_client.post(
        reverse("actions:action-progress", args=[officer_action.pk]),
        {"text": "Audited 20 cases against the plan.", "status_to": "complete", "date": TODAY()},
        follow=True,
    )
    assert "Status now: Complete." in content(response)


def test_late_completion_is_shown_but_stays_green(officer_client, approved_plan):
    late = ActionFactory(
        plan=approved_plan,
        status=Action.Status.COMPLETE,
        due_date=TODAY() - 10 * DAY,
        completed_on=TODAY() - 3 * DAY,
    )
    assert late.current_rag() == "green"
    assert late.days_late == 7
    assert "completed late (7 days)" in content(officer_client.get(late.get_absolute_url()))
    assert "completed late (7 days)" in content(
        officer_client.get(approved_plan.get_absolute_url())
    )
    on_time = ActionFactory(
        plan=approved_plan, status=Action.Status.COMPLETE, due_date=TODAY(), completed_on=TODAY()
    )
    assert on_time.days_late == 0


# --- 14. the demo plan's title matches its dates ---------------------------------------------


def test_demo_plan_title_names_the_current_financial_year():
    assert demo.demo_plan_title(datetime.date(2026, 11, 25)).endswith("2026/27")
    assert demo.demo_plan_title(datetime.date(2027, 3, 31)).endswith("2026/27")
    assert demo.demo_plan_title(datetime.date(2027, 4, 1)).endswith("2027/28")


# --- 15. phone widths: tables scroll inside their box ----------------------------------------


def test_dashboard_tables_are_responsive(manager_client, officer_action):
    """Every page's tables: tests/test_responsive_tables.py. Here, the dashboard has some."""
    page = content(manager_client.get(reverse("dashboard")))
    assert page.count("<table") == page.count('<div class="table-responsive">') >= 5

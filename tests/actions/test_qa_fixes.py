"""What a QA reviewer found trying the action plans as a new user (items 1 to 7: the workflow
and its forms), each pinned by a test. Items 8 to 15: test_qa_fixes_pages.py."""

import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import Action, ActionPlan, EffectivenessReview, PlanTransition
from tests.actions.factories import (
    ActionFactory,
    ActionPlanFactory,
    ReviewFactory,
    ShortfallFindingFactory,
)
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def content(response) -> str:
    return response.content.decode()


@pytest.fixture
def returned_plan(plan, officer, manager):
    plan.created_by = officer
    plan.save()
    ActionFactory(plan=plan, owner=officer)
    services.transition_plan(plan=plan, name="submit", by=officer)
    services.transition_plan(plan=plan, name="return", by=manager, comment="Add a re-audit.")
    return plan


# --- 1. a returned plan is resubmitted directly ----------------------------------------------


def test_officer_resubmits_a_returned_plan_directly(officer_client, officer, returned_plan):
    page = content(officer_client.get(returned_plan.get_absolute_url()))
    assert "Resubmit for approval" in page
    assert 'data-testid="return-comment">Add a re-audit.' in page
    assert "alert alert-warning return-comment" in page

    response = officer_client.post(
        reverse("actions:plan-transition", args=[returned_plan.pk, "resubmit"])
    )
    assert response.status_code == HTTPStatus.FOUND
    returned_plan.refresh_from_db()
    assert returned_plan.status == ActionPlan.Status.SUBMITTED
    step = PlanTransition.objects.filter(plan=returned_plan).latest("at", "pk")
    assert (step.from_status, step.to_status, step.by) == ("returned", "submitted", officer)


def test_returned_plan_can_still_be_reopened_as_draft(officer, returned_plan):
    services.transition_plan(plan=returned_plan, name="reopen", by=officer)
    returned_plan.refresh_from_db()
    assert returned_plan.status == ActionPlan.Status.DRAFT


def test_resubmitting_needs_what_submitting_needs(officer, returned_plan):
    returned_plan.actions.all().delete()
    with pytest.raises(ValidationError, match="add at least one action"):
        services.transition_plan(plan=returned_plan, name="resubmit", by=officer)
    returned_plan.refresh_from_db()
    assert returned_plan.status == ActionPlan.Status.RETURNED


def test_officer_dashboard_lists_their_returned_plans(officer_client, returned_plan):
    other = ActionPlanFactory(status=ActionPlan.Status.RETURNED, title="Somebody else's plan")
    page = content(officer_client.get(reverse("dashboard")))
    assert 'data-testid="returned-plans"' in page
    assert returned_plan.title in page
    assert other.title not in page


# --- 2. not (fully) effective needs a follow-up or a reason ----------------------------------


@pytest.fixture
def done_action(approved_plan, officer):
    return ActionFactory(plan=approved_plan, owner=officer, status=Action.Status.COMPLETE)


def review_url(action):
    return reverse("actions:action-review", args=[action.pk])


def test_not_effective_review_without_follow_up_or_reason_is_refused(manager_client, done_action):
    response = manager_client.post(
        review_url(done_action),
        {"outcome": "not_effective", "evidence": "Nothing changed.", "date": TODAY()},
    )
    assert response.status_code == HTTPStatus.OK
    assert "add a follow-up action (title, owner, due date) or say why" in content(response)
    assert not EffectivenessReview.objects.exists()


def test_partly_effective_review_with_a_reason_stores_it(manager_client, done_action):
    response = manager_client.post(
        review_url(done_action),
        {
            "outcome": "partly_effective",
            "evidence": "Half the teams changed.",
            "date": TODAY(),
            "no_follow_up_reason": "The service is being recommissioned in April.",
        },
        follow=True,
    )
    review = EffectivenessReview.objects.get()
    assert review.no_follow_up_reason == "The service is being recommissioned in April."
    page = content(response)
    assert "No follow-up because:" in page
    assert "Review recorded: Partly effective." in page


def test_not_effective_review_with_follow_up_needs_owner_and_due(manager_client, done_action):
    response = manager_client.post(
        review_url(done_action),
        {
            "outcome": "not_effective",
            "evidence": "Nothing changed.",
            "date": TODAY(),
            "follow_up_title": "Try again",
        },
    )
    assert "Give the follow-up a due date." in content(response)
    assert "Choose who owns the follow-up." in content(response)
    assert not EffectivenessReview.objects.exists()


def test_service_refuses_not_effective_without_follow_up_or_reason(manager, done_action):
    # The same words as the form (both call services.validate_review).
    with pytest.raises(
        ValidationError, match=r"add a follow-up action \(title, owner, due date\) or say why"
    ):
        services.record_review(
            action=done_action, reviewer=manager, outcome="not_effective", evidence="None."
        )
    assert not EffectivenessReview.objects.exists()


def test_plan_does_not_close_while_not_effective_has_neither(manager, approved_plan):
    ReviewFactory(
        action=ActionFactory(plan=approved_plan, status=Action.Status.COMPLETE),
        outcome=EffectivenessReview.Outcome.NOT_EFFECTIVE,
    )
    with pytest.raises(ValidationError, match="neither a follow-up nor a reason"):
        services.transition_plan(plan=approved_plan, name="close", by=manager)
    approved_plan.refresh_from_db()
    assert approved_plan.status == ActionPlan.Status.APPROVED
    EffectivenessReview.objects.update(no_follow_up_reason="Service decommissioned.")
    services.transition_plan(plan=approved_plan, name="close", by=manager)


# --- 3. "Close plan" is disabled with its reasons --------------------------------------------


def test_close_button_is_disabled_with_reasons(manager_client, approved_plan):
    ActionFactory.create_batch(2, plan=approved_plan)
    ActionFactory(plan=approved_plan, status=Action.Status.COMPLETE)
    page = content(manager_client.get(approved_plan.get_absolute_url()))
    assert 'data-testid="close-blocked"' in page
    assert "disabled" in page.split('data-testid="close-blocked"')[1][:200]
    assert "2 actions are still open" in page
    assert "1 complete action has no effectiveness review" in page
    # The server still refuses a forged POST.
    manager_client.post(reverse("actions:plan-transition", args=[approved_plan.pk, "close"]))
    approved_plan.refresh_from_db()
    assert approved_plan.status == ActionPlan.Status.APPROVED


def test_close_button_is_live_when_the_plan_can_close(manager_client, approved_plan):
    ReviewFactory(action=ActionFactory(plan=approved_plan, status=Action.Status.COMPLETE))
    page = content(manager_client.get(approved_plan.get_absolute_url()))
    assert 'data-testid="close-blocked"' not in page
    assert f"/plans/{approved_plan.pk}/step/close/" in page


# --- 4. why an officer cannot change an approved plan ----------------------------------------


def test_officer_sees_why_an_approved_plan_cannot_be_changed(officer_client, officer_action):
    page = content(officer_client.get(officer_action.plan.get_absolute_url()))
    assert "This plan is approved: ask a manager to add or change actions." in page
    assert "Add an action" not in page


def test_manager_sees_no_lock_note_on_an_approved_plan(manager_client, approved_plan):
    page = content(manager_client.get(approved_plan.get_absolute_url()))
    assert 'data-testid="plan-locked-note"' not in page
    assert "Add an action" in page


# --- 5 and 6. list tabs, filters and the due-soon window -------------------------------------


@pytest.mark.parametrize(
    ("url_name", "label"),
    [
        ("actions:my-actions", "My actions"),
        ("actions:overdue", "Overdue"),
        ("actions:due-soon", "Due in 14 days"),
        ("actions:action-list", "All actions"),
    ],
)
def test_the_active_tab_is_marked(officer_client, url_name, label):
    page = content(officer_client.get(reverse(url_name)))
    tabs = page.split('aria-label="Action lists"')[1].split("</nav>")[0]
    assert tabs.count('aria-current="page"') == 1
    assert f'aria-current="page">{label}</a>' in tabs


def test_overdue_and_due_soon_pages_have_no_open_and_complete_filter(officer_client):
    for url_name in ("actions:overdue", "actions:due-soon"):
        response = officer_client.get(reverse(url_name))
        assert "Open and complete" not in content(response)
        assert "state" not in response.context["filter"].form.fields
    assert "Open and complete" in content(officer_client.get(reverse("actions:my-actions")))


def test_due_soon_takes_a_window_in_days(officer_client, approved_plan):
    soon = ActionFactory(plan=approved_plan, due_date=TODAY() + 10 * DAY, title="Soon one")
    later = ActionFactory(plan=approved_plan, due_date=TODAY() + 25 * DAY, title="Later one")
    ActionFactory(plan=approved_plan, due_date=TODAY() - DAY, title="Overdue one")
    response = officer_client.get(reverse("actions:due-soon"))
    assert list(response.context["object_list"]) == [soon]
    assert "Actions due in the next 14 days" in content(response)
    response = officer_client.get(reverse("actions:due-soon"), {"days": 30})
    assert list(response.context["object_list"]) == [soon, later]
    assert "Actions due in the next 30 days" in content(response)
    assert 'aria-current="page">Due in 30 days</a>' in content(response)


def test_manager_dashboard_due_figure_links_to_the_30_day_window(manager_client):
    page = content(manager_client.get(reverse("dashboard")))
    assert f'href="{reverse("actions:due-soon")}?days=30"' in page
    assert "Due in the next 30 days" in page


def test_officer_dashboard_says_the_number_of_days(officer_client):
    assert "Due in the next 14 days" in content(officer_client.get(reverse("dashboard")))


# --- 7. the new-action form from a finding ---------------------------------------------------


def test_finding_from_the_link_is_listed_first_with_neutral_styling(
    officer_client, plan, finding, assessment
):
    for i in range(30):
        ShortfallFindingFactory(topic=finding.topic, text=f"Earlier finding {i}")
    last = ShortfallFindingFactory(topic=finding.topic, text="The one we answer")
    ComplaintFactory(organisation=plan.organisation, reference="C-77001")
    response = officer_client.get(
        reverse("actions:action-create", args=[plan.pk]), {"finding": last.pk}
    )
    form = response.context["form"]
    assert list(form.fields["findings"].queryset)[0] == last
    page = content(response)
    assert "border-danger" not in page
    assert "e.g. C-77001" in page
    assert "C-2023-014" not in page

"""Approving and returning a plan: approve takes an optional comment and a confirmation (no
script needed); the return comment is a proper field, with its label and its error."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from actions.models import ActionPlan, PlanTransition
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(plan):
    ActionFactory(plan=plan)
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.SUBMITTED)
    return plan


def step(client, plan, name, **data):
    return client.post(reverse("actions:plan-transition", args=[plan.pk, name]), data)


def test_the_plan_page_offers_approve_with_a_comment_and_a_confirmation(manager_client, submitted):
    page = manager_client.get(submitted.get_absolute_url()).content.decode()
    approve = page[page.index('data-testid="step-approve"') :]
    approve = approve[: approve.index("</form>")]
    assert 'for="approve-comment"' in approve
    assert "Comment (optional)" in approve
    assert 'type="checkbox" name="confirm"' in approve
    assert 'for="approve-confirm"' in approve
    assert "I have read this plan and its actions, and I approve it" in approve
    ret = page[page.index('data-testid="step-return"') :]
    assert 'for="return-comment"' in ret[: ret.index("</form>")]


def test_approve_needs_the_confirmation(manager_client, submitted):
    response = step(manager_client, submitted, "approve", comment="Watch the audit dates.")
    assert response.status_code == HTTPStatus.OK
    errors = next(f for s, f in response.context["steps"] if s.name == "approve").errors
    assert errors["confirm"] == ["Tick the box to confirm that you approve the plan."]
    page = response.content.decode()
    assert "Watch the audit dates." in page  # what was typed is kept
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert not PlanTransition.objects.exists()


def test_approve_with_a_comment(manager_client, manager, submitted):
    response = step(manager_client, submitted, "approve", comment="Watch the dates.", confirm="on")
    assert response.status_code == HTTPStatus.FOUND
    submitted.refresh_from_db()
    assert submitted.status == "approved"
    transition = PlanTransition.objects.get()
    assert (transition.to_status, transition.comment, transition.by) == (
        "approved",
        "Watch the dates.",
        manager,
    )


def test_a_return_without_a_comment_is_an_error_on_its_field(manager_client, submitted):
    response = step(manager_client, submitted, "return", comment="  ")
    assert response.status_code == HTTPStatus.OK
    form = next(f for s, f in response.context["steps"] if s.name == "return")
    assert form.errors["comment"] == ["Say what needs to change: a returned plan needs a comment."]
    page = response.content.decode()
    assert 'id="return-comment"' in page
    assert "is-invalid" in page[page.index('data-testid="step-return"') :]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_step_not_offered_is_refused_by_the_service(officer_client, submitted):
    assert step(officer_client, submitted, "approve", confirm="on").status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"

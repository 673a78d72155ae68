"""Ownership: officers change the plans they drafted or own and the actions they created or
own; managers change any. Nobody changes a submitted plan's actions while it is reviewed.

Every refusal is a 403 that changes nothing in the database; the pages offer only what the
same rules allow."""

import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import Action, ActionPlan, PlanTransition
from assessment.roles import OFFICER
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = ActionPlan.Status
DUE = timezone.localdate() + datetime.timedelta(days=40)


@pytest.fixture
def colleague(db):
    """Another officer: drafted nothing here, owns nothing here."""
    return UserFactory(username="cara", role=OFFICER)


@pytest.fixture
def colleague_client(colleague):
    client = Client()
    client.force_login(colleague)
    return client


@pytest.fixture
def managers_plan(assessment, manager):
    """A draft plan a manager drafted and owns, with the manager's action."""
    plan = ActionPlanFactory(assessment=assessment, owner=manager, created_by=manager)
    ActionFactory(plan=plan, owner=manager, created_by=manager)
    return plan


def snapshot():
    """Every plan, action and workflow step as stored: equal before and after = unchanged."""
    return (
        list(ActionPlan.objects.order_by("pk").values()),
        list(Action.objects.order_by("pk").values()),
        list(PlanTransition.objects.order_by("pk").values()),
    )


def plan_data(plan, **changes):
    data = {
        "organisation": plan.organisation_id,
        "assessment": plan.assessment_id,
        "title": plan.title,
        "purpose": plan.purpose,
        "owner": plan.owner_id or "",
        "version": plan.version,
    }
    return data | changes


def action_data(action, **changes):
    data = {
        "title": action.title,
        "description": action.description,
        "owner": action.owner_id,
        "due_date": action.due_date.isoformat(),
        "priority": action.priority,
        "success_measure": action.success_measure,
        "version": action.version,
    }
    return data | changes


def assert_refused(response, before):
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert snapshot() == before


# --- an officer and a plan a manager drafted and owns ---------------------------------------


def test_officer_cannot_edit_the_title_or_owner_of_a_managers_draft(
    officer_client, officer, managers_plan
):
    url = reverse("actions:plan-update", args=[managers_plan.pk])
    before = snapshot()
    response = officer_client.get(url)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Only the officer who drafted this plan" in response.content.decode()
    response = officer_client.post(
        url, plan_data(managers_plan, title="Taken over", owner=officer.pk)
    )
    assert_refused(response, before)


def test_officer_cannot_edit_a_managers_action(officer_client, managers_plan):
    action = managers_plan.actions.get()
    url = reverse("actions:action-update", args=[action.pk])
    before = snapshot()
    assert officer_client.get(url).status_code == HTTPStatus.FORBIDDEN
    response = officer_client.post(url, action_data(action, title="Rewritten"))
    assert_refused(response, before)


def test_officer_cannot_add_an_action_to_a_managers_plan(officer_client, officer, managers_plan):
    url = reverse("actions:action-create", args=[managers_plan.pk])
    before = snapshot()
    assert officer_client.get(url).status_code == HTTPStatus.FORBIDDEN
    response = officer_client.post(
        url,
        {"title": "Slipped in", "owner": officer.pk, "due_date": DUE.isoformat(),
         "priority": Action.Priority.MEDIUM, "success_measure": "x"},
    )  # fmt: skip
    assert_refused(response, before)


def test_officer_cannot_submit_a_colleagues_plan(colleague_client, plan):
    ActionFactory(plan=plan)
    before = snapshot()
    response = colleague_client.post(reverse("actions:plan-transition", args=[plan.pk, "submit"]))
    assert_refused(response, before)
    assert "Only the officer who drafted this plan" in response.content.decode()


@pytest.mark.parametrize("name", ["resubmit", "reopen"])
def test_officer_cannot_resubmit_or_reopen_a_colleagues_returned_plan(colleague_client, plan, name):
    ActionFactory(plan=plan)
    ActionPlan.objects.filter(pk=plan.pk).update(status=Status.RETURNED)
    before = snapshot()
    response = colleague_client.post(reverse("actions:plan-transition", args=[plan.pk, name]))
    assert_refused(response, before)


def test_officer_cannot_edit_a_colleagues_plan_or_action(colleague_client, plan, officer):
    action = ActionFactory(plan=plan, owner=officer, created_by=officer)
    before = snapshot()
    response = colleague_client.post(
        reverse("actions:plan-update", args=[plan.pk]), plan_data(plan, title="Mine now")
    )
    assert_refused(response, before)
    response = colleague_client.post(
        reverse("actions:action-update", args=[action.pk]), action_data(action, title="Mine")
    )
    assert_refused(response, before)


def test_the_service_judges_the_saved_plan_not_the_edit(colleague, plan):
    """A forged edit naming the officer as owner does not make them one."""
    plan.owner = colleague
    plan.title = "Mine now"
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.update_plan(plan=plan, user=colleague)
    assert snapshot() == before


# --- what officers and managers may do ------------------------------------------------------


def test_the_drafter_edits_submits_and_the_owner_resubmits(officer_client, plan, manager):
    """The officer drafted the plan (the manager owns it)."""
    response = officer_client.post(
        reverse("actions:plan-update", args=[plan.pk]), plan_data(plan, title="Better title")
    )
    assert response.status_code == HTTPStatus.FOUND
    plan.refresh_from_db()
    assert plan.title == "Better title"
    ActionFactory(plan=plan)
    officer_client.post(reverse("actions:plan-transition", args=[plan.pk, "submit"]))
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED


def test_an_officer_edits_an_action_a_manager_assigned_them(officer_client, officer, plan):
    action = ActionFactory(plan=plan, owner=officer, created_by=plan.owner)
    response = officer_client.post(
        reverse("actions:action-update", args=[action.pk]), action_data(action, title="Clearer")
    )
    assert response.status_code == HTTPStatus.FOUND
    action.refresh_from_db()
    assert action.title == "Clearer"


def test_a_manager_changes_any_plan_and_action(manager_client, assessment):
    drafter = UserFactory(username="dee", role=OFFICER)
    plan = ActionPlanFactory(assessment=assessment, owner=None, created_by=drafter)
    action = ActionFactory(plan=plan, owner=drafter, created_by=drafter)
    response = manager_client.post(
        reverse("actions:plan-update", args=[plan.pk]), plan_data(plan, title="Managed")
    )
    assert response.status_code == HTTPStatus.FOUND
    response = manager_client.post(
        reverse("actions:action-update", args=[action.pk]), action_data(action, title="Managed")
    )
    assert response.status_code == HTTPStatus.FOUND
    assert ActionPlan.objects.get(pk=plan.pk).title == "Managed"
    assert Action.objects.get(pk=action.pk).title == "Managed"


# --- a submitted plan is frozen while it is reviewed -----------------------------------------


@pytest.mark.parametrize("who", ["officer", "manager"])
def test_nobody_edits_the_actions_of_a_submitted_plan(request, who, plan, officer):
    client = request.getfixturevalue(f"{who}_client")
    action = ActionFactory(plan=plan, owner=officer, created_by=officer)
    ActionPlan.objects.filter(pk=plan.pk).update(status=Status.SUBMITTED)
    url = reverse("actions:action-update", args=[action.pk])
    before = snapshot()
    response = client.get(url)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "it and its actions cannot be changed" in response.content.decode()
    assert_refused(client.post(url, action_data(action, title="Changed in review")), before)
    page = client.get(reverse("actions:action-detail", args=[action.pk])).content.decode()
    assert f'href="{url}"' not in page


def test_a_manager_still_edits_the_actions_of_an_approved_plan(manager_client, approved_plan):
    action = ActionFactory(plan=approved_plan)
    response = manager_client.post(
        reverse("actions:action-update", args=[action.pk]), action_data(action, title="Adjusted")
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Action.objects.get(pk=action.pk).title == "Adjusted"


# --- the pages offer what the rules allow ----------------------------------------------------


def test_a_colleague_sees_no_buttons_and_why(colleague_client, plan, officer):
    action = ActionFactory(plan=plan, owner=officer, created_by=officer)
    page = colleague_client.get(plan.get_absolute_url()).content.decode()
    assert reverse("actions:plan-update", args=[plan.pk]) not in page
    assert reverse("actions:action-create", args=[plan.pk]) not in page
    assert reverse("actions:plan-transition", args=[plan.pk, "submit"]) not in page
    assert "Only the officer who drafted this plan" in page
    action_page = colleague_client.get(action.get_absolute_url()).content.decode()
    assert reverse("actions:action-update", args=[action.pk]) not in action_page


def test_the_drafter_sees_the_buttons(officer_client, plan):
    ActionFactory(plan=plan)
    page = officer_client.get(plan.get_absolute_url()).content.decode()
    assert reverse("actions:plan-update", args=[plan.pk]) in page
    assert reverse("actions:action-create", args=[plan.pk]) in page
    assert reverse("actions:plan-transition", args=[plan.pk, "submit"]) in page


def test_create_from_a_finding_offers_only_plans_the_officer_may_change(
    colleague_client, colleague, plan, finding
):
    """The colleague may not add to the officer's plan, so is offered a new draft instead."""
    own = ActionPlanFactory(assessment=plan.assessment, owner=plan.owner, created_by=colleague)
    url = reverse("actions:action-for-finding") + f"?finding={finding.pk}"
    response = colleague_client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("actions:action-create", args=[own.pk]))
    own.delete()
    response = colleague_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response.context["plans"] == []

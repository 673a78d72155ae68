"""Creating and editing plans and actions through their pages."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionPlan
from assessment.roles import OFFICER
from tests.actions.factories import ActionFactory
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db

DUE = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def test_officer_creates_a_draft_plan(officer_client, officer, manager, assessment):
    url = reverse("actions:plan-create") + f"?assessment={assessment.pk}"
    form = officer_client.get(url).context["form"]
    assert form.initial["assessment"] == assessment
    assert list(form.fields["owner"].queryset) == [manager]  # only managers own plans
    response = officer_client.post(
        url,
        {
            "organisation": assessment.organisation_id,
            "assessment": assessment.pk,
            "title": "Carers plan",
            "purpose": "Tell carers what changed.",
            "owner": manager.pk,
        },
    )
    plan = ActionPlan.objects.get(title="Carers plan")
    assert response.url == plan.get_absolute_url()
    assert plan.status == ActionPlan.Status.DRAFT
    assert plan.created_by == officer


def test_plan_assessment_must_belong_to_its_organisation(officer_client, officer, assessment):
    other = OrganisationFactory(name="Elsewhere")
    make_member(officer, other, OFFICER)
    response = officer_client.post(
        reverse("actions:plan-create"),
        {"organisation": other.pk, "assessment": assessment.pk, "title": "Mixed up"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "another organisation" in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_a_plan_goes_only_to_the_users_organisations(officer_client, assessment, manager):
    """An organisation (or its assessment) where the user has no role is not offered, and
    is refused on its field when sent anyway."""
    theirs = AssessmentFactory(organisation=OrganisationFactory(name="Theirshire"))
    url = reverse("actions:plan-create")
    form = officer_client.get(url, {"assessment": theirs.pk}).context["form"]
    assert list(form.fields["organisation"].queryset) == [assessment.organisation]
    assert list(form.fields["assessment"].queryset) == [assessment]
    assert "assessment" not in form.initial
    response = officer_client.post(
        url,
        {"organisation": theirs.organisation_id, "assessment": theirs.pk, "title": "Theirs"},
    )
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert "Select a valid choice" in errors["organisation"][0]
    assert "Select a valid choice" in errors["assessment"][0]
    assert not ActionPlan.objects.exists()


def test_manager_assigns_an_owner_and_officer_cannot(
    manager_client, client, officer, plan, officer_action
):
    someone = UserFactory(username="sam", role="officer")
    url = reverse("actions:action-update", args=[officer_action.pk])
    data = {
        "title": officer_action.title,
        "owner": someone.pk,
        "due_date": DUE,
        "priority": 2,
        "success_measure": "Measured",
        "version": officer_action.version,
    }
    assert manager_client.post(url, data).status_code == HTTPStatus.FOUND
    officer_action.refresh_from_db()
    assert officer_action.owner == someone

    # An officer editing a draft action cannot hand it to someone else: the field is disabled.
    draft_action = ActionFactory(plan=plan, owner=officer)
    client.force_login(officer)
    url = reverse("actions:action-update", args=[draft_action.pk])
    form = client.get(url).context["form"]
    assert form.fields["owner"].disabled
    client.post(url, data)
    draft_action.refresh_from_db()
    assert draft_action.owner == officer


def test_officer_cannot_edit_actions_of_an_approved_plan(officer_client, officer_action):
    url = reverse("actions:action-update", args=[officer_action.pk])
    assert officer_client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_complaint_references_must_exist_for_the_organisation(manager_client, plan):
    response = manager_client.post(
        reverse("actions:action-create", args=[plan.pk]),
        {
            "title": "Reply faster",
            "due_date": DUE,
            "priority": 2,
            "success_measure": "Fewer delays",
            "complaint_references": "C-404",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "No complaint with reference C-404" in response.content.decode()
    assert not Action.objects.exists()


def test_follow_up_link_prefills_from_the_original(manager_client, approved_plan, finding):
    original = ActionFactory(
        plan=approved_plan, title="Train staff", owner=UserFactory(role="officer")
    )
    original.findings.add(finding)
    url = reverse("actions:action-create", args=[approved_plan.pk])
    page = manager_client.get(url, {"follow_up_of": original.pk})
    assert page.context["form"].initial["title"] == "Follow-up: Train staff"
    assert list(page.context["form"].initial["findings"]) == [finding]
    manager_client.post(
        f"{url}?follow_up_of={original.pk}",
        {
            "title": "Follow-up: Train staff",
            "owner": original.owner_id,
            "due_date": DUE,
            "priority": 2,
            "success_measure": "Re-audit",
            "findings": [finding.pk],
        },
    )
    assert Action.objects.get(title="Follow-up: Train staff").follow_up_of == original


def test_dashboard_keeps_the_assessment_counts_for_managers(manager_client, assessment):
    response = manager_client.get(reverse("dashboard"))
    counts = {value: count for value, _, count in response.context["status_counts"]}
    assert counts["in_progress"] == 1
    assert "actions" in response.context


def test_plan_list_links_to_you_said_we_did_for_the_chosen_organisation(officer_client, plan):
    response = officer_client.get(
        reverse("actions:plan-list"), {"organisation": plan.organisation_id}
    )
    url = reverse("actions:you-said-we-did", args=[plan.organisation_id])
    assert url in response.content.decode()


def test_plan_editing_follows_the_workflow(officer, manager, plan):
    from django.test import Client

    officer_client, manager_client = Client(), Client()
    officer_client.force_login(officer)
    manager_client.force_login(manager)
    url = reverse("actions:plan-update", args=[plan.pk])
    assert officer_client.get(url).status_code == HTTPStatus.OK  # draft
    plan.status = ActionPlan.Status.SUBMITTED
    plan.save()
    assert officer_client.get(url).status_code == HTTPStatus.FORBIDDEN
    plan.status = ActionPlan.Status.APPROVED
    plan.save()
    assert officer_client.get(url).status_code == HTTPStatus.FORBIDDEN
    assert manager_client.get(url).status_code == HTTPStatus.OK
    plan.status = ActionPlan.Status.CLOSED
    plan.save()
    assert manager_client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_action_list_state_filter(officer_client, approved_plan):
    today = timezone.localdate()
    ActionFactory(plan=approved_plan, title="Late", due_date=today - datetime.timedelta(days=1))
    ActionFactory(plan=approved_plan, title="Blocked", status=Action.Status.BLOCKED)
    ActionFactory(plan=approved_plan, title="Done", status=Action.Status.COMPLETE)
    url = reverse("actions:action-list")
    overdue = officer_client.get(url, {"state": "overdue"}).context["object_list"]
    assert [a.title for a in overdue] == ["Late"]
    open_ = officer_client.get(url, {"state": "open"}).context["object_list"]
    assert sorted(a.title for a in open_) == ["Blocked", "Late"]
    bad = officer_client.get(url, {"rag": "purple"})
    assert bad.context["filter"].errors

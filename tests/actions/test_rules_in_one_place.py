"""Rules written once: the review form refuses what record_review refuses, in the same words
(services.validate_review); the plans offered for a finding are those the rules let the user
add to (ActionPlan.objects.accepting_actions and rules.can_add_action)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.forms import ReviewForm
from actions.models import Action, ActionPlan
from actions.selectors import action_owners, plan_owners
from assessment.roles import MANAGER, OFFICER, VIEWER
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.assessment.factories import OrganisationFactory
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def done_action(approved_plan, officer):
    return ActionFactory(plan=approved_plan, owner=officer, status=Action.Status.COMPLETE)


def follow_up_for(action):
    return Action(
        plan=action.plan,
        title="Try again",
        owner=action.owner,
        due_date=TODAY() + datetime.timedelta(days=30),
        success_measure="x",
    )


CASES = [
    # (outcome, with a follow-up, reason for none, the field refused)
    ("effective", True, "", "follow_up_title"),
    ("not_effective", True, "Recommissioned.", "no_follow_up_reason"),
    ("partly_effective", False, "", "no_follow_up_reason"),
]


@pytest.mark.parametrize(("outcome", "follow_up", "reason", "field"), CASES)
def test_the_form_and_the_service_refuse_alike(
    manager, done_action, outcome, follow_up, reason, field
):
    form = ReviewForm(
        {
            "outcome": outcome,
            "evidence": "What the audit showed.",
            "date": TODAY().isoformat(),
            "no_follow_up_reason": reason,
            "follow_up_title": "Try again" if follow_up else "",
            "follow_up_due": (TODAY() + datetime.timedelta(days=30)).isoformat(),
            "follow_up_owner": done_action.owner_id,
        },
        action=done_action,
    )
    assert not form.is_valid()
    with pytest.raises(ValidationError) as refused:
        services.record_review(
            action=done_action,
            reviewer=manager,
            outcome=outcome,
            evidence="What the audit showed.",
            follow_up=follow_up_for(done_action) if follow_up else None,
            no_follow_up_reason=reason,
        )
    assert form.errors[field] == refused.value.message_dict[field]


def test_an_action_with_a_follow_up_already_needs_neither(manager, done_action):
    ActionFactory(plan=done_action.plan, follow_up_of=done_action)
    form = ReviewForm(
        {"outcome": "not_effective", "evidence": "None.", "date": TODAY().isoformat()},
        action=done_action,
    )
    assert form.is_valid(), form.errors
    review = services.record_review(
        action=done_action, reviewer=manager, outcome="not_effective", evidence="None."
    )
    assert review.needs_follow_up


def test_plans_offered_for_a_finding_follow_the_rules(manager_client, officer_client, finding):
    assessment = finding.topic.assessment
    plans = {
        status: ActionPlanFactory(assessment=assessment, status=status, title=status)
        for status in ActionPlan.Status.values
    }
    url = reverse("actions:action-for-finding") + f"?finding={finding.pk}&choose=1"
    offered = {plan.title for plan in manager_client.get(url).context["plans"]}
    # A manager adds to drafts, returned and approved plans (follow-ups); never to a submitted
    # (frozen while reviewed) or closed one.
    assert offered == {"draft", "returned", "approved"}
    assert set(ActionPlan.objects.accepting_actions()) == {
        plans["draft"],
        plans["returned"],
        plans["approved"],
    }
    # The officer drafted none of them and owns none: nothing is offered.
    assert officer_client.get(url).context["plans"] == []


def test_owners_are_the_organisations_members_in_a_role_that_fits(
    organisation, manager, officer, viewer, django_user_model
):
    """A plan's owner is a manager of its organisation, an action's an officer or manager
    there: not a superuser with no role there, nor someone who left, nor another council's
    manager, nor an officer here who manages elsewhere (the role of the same membership)."""
    elsewhere = OrganisationFactory(name="Elsewhere")
    root = django_user_model.objects.create_superuser("root", "r@example.org", "x")
    UserFactory(username="retired", role="manager", is_active=False)
    make_member(UserFactory(username="ended"), organisation, MANAGER, is_active=False)
    theirs = make_member(UserFactory(username="theirs"), elsewhere, MANAGER).user
    make_member(officer, elsewhere, MANAGER)
    make_member(theirs, organisation, VIEWER)
    assert set(plan_owners([organisation])) == {manager}
    assert set(action_owners(organisation)) == {manager, officer}
    assert set(plan_owners([organisation, elsewhere])) == {manager, officer, theirs}
    assert root not in plan_owners(None)
    assert viewer not in action_owners(organisation)
    make_member(viewer, organisation, OFFICER)
    assert viewer in action_owners(organisation)

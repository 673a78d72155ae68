import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from actions import services
from actions.models import Action, ActionPlan, EffectivenessReview, PlanTransition
from tests.actions.factories import ActionFactory, ReviewFactory, verified_complete
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def unchanged(plan, status):
    plan.refresh_from_db()
    return plan.status == status


# --- workflow --------------------------------------------------------------------------------


def test_full_workflow_records_who_and_when(plan, officer, manager):
    ActionFactory(plan=plan, owner=officer)
    services.transition_plan(plan=plan, name="submit", by=officer)
    services.transition_plan(plan=plan, name="return", by=manager, comment="Add dates for SARs.")
    services.transition_plan(plan=plan, name="reopen", by=officer)
    services.transition_plan(plan=plan, name="submit", by=officer)
    services.transition_plan(plan=plan, name="approve", by=manager)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED
    log = list(PlanTransition.objects.filter(plan=plan).values_list("to_status", "by__username"))
    assert log == [
        ("submitted", "olu"),
        ("returned", "morgan"),
        ("draft", "olu"),
        ("submitted", "olu"),
        ("approved", "morgan"),
    ]
    returned = PlanTransition.objects.get(plan=plan, to_status="returned")
    assert returned.comment == "Add dates for SARs."
    assert returned.at is not None


def test_approving_a_draft_is_refused_and_changes_nothing(plan, manager):
    ActionFactory(plan=plan)
    with pytest.raises(ValidationError, match="only a plan that is submitted for approval"):
        services.transition_plan(plan=plan, name="approve", by=manager)
    assert unchanged(plan, "draft")
    assert not PlanTransition.objects.exists()


@pytest.mark.parametrize("name", ["approve", "return", "close"])
def test_officer_may_not_approve_return_or_close(plan, officer, name):
    ActionFactory(plan=plan)
    plan.status = {"close": "approved"}.get(name, "submitted")
    plan.save()
    with pytest.raises(PermissionDenied):
        services.transition_plan(plan=plan, name=name, by=officer, comment="x")
    assert unchanged(plan, plan.status)
    assert not PlanTransition.objects.exists()


def test_return_needs_a_comment(plan, officer, manager):
    ActionFactory(plan=plan)
    services.transition_plan(plan=plan, name="submit", by=officer)
    with pytest.raises(ValidationError, match="needs a comment"):
        services.transition_plan(plan=plan, name="return", by=manager, comment="  ")
    assert unchanged(plan, "submitted")


def test_submit_needs_an_owner_and_an_action(plan, officer):
    plan.owner = None
    plan.save()
    with pytest.raises(ValidationError, match="name its owner .* and add at least one action"):
        services.transition_plan(plan=plan, name="submit", by=officer)
    assert unchanged(plan, "draft")


def test_plan_cannot_close_while_an_action_is_open_or_unreviewed(approved_plan, manager):
    open_action = ActionFactory(plan=approved_plan)
    done = ActionFactory(plan=approved_plan, status=Action.Status.COMPLETE)
    with pytest.raises(
        ValidationError, match="1 action is still open and 1 complete action has no"
    ):
        services.transition_plan(plan=approved_plan, name="close", by=manager)
    assert unchanged(approved_plan, "approved")

    verified_complete(open_action)
    ReviewFactory(action=done, reviewer=manager)
    with pytest.raises(ValidationError, match="1 complete action has no effectiveness review"):
        services.transition_plan(plan=approved_plan, name="close", by=manager)
    ReviewFactory(action=open_action, reviewer=manager)
    services.transition_plan(plan=approved_plan, name="close", by=manager)
    assert unchanged(approved_plan, "closed")


# --- actions and progress --------------------------------------------------------------------


def test_officer_cannot_make_someone_else_owner(plan, officer):
    other = UserFactory()
    action = Action(plan=plan, title="T", owner=other, due_date=TODAY(), success_measure="x")
    with pytest.raises(PermissionDenied):
        services.create_action(action=action, user=officer)
    assert not Action.objects.exists()


def test_findings_must_come_from_the_plans_assessment(plan, officer, cqc_framework):
    from tests.actions.factories import ShortfallFindingFactory

    elsewhere = ShortfallFindingFactory()  # another assessment
    action = Action(plan=plan, title="T", owner=officer, due_date=TODAY(), success_measure="x")
    with pytest.raises(ValidationError, match="plan's assessment"):
        services.create_action(action=action, user=officer, findings=[elsewhere])
    assert not Action.objects.exists()


def test_actions_cannot_be_added_to_a_submitted_plan(plan, officer):
    plan.status = ActionPlan.Status.SUBMITTED
    plan.save()
    action = Action(plan=plan, title="T", owner=officer, due_date=TODAY(), success_measure="x")
    with pytest.raises(ValidationError, match="submitted for approval"):
        services.create_action(action=action, user=officer)


def test_owner_posts_progress_and_completes(officer_action, officer):
    services.post_progress(
        action=officer_action, author=officer, text="Started", status="in_progress", percent=30
    )
    update = services.post_progress(
        action=officer_action,
        author=officer,
        text="Ran the assurance group; minutes on file.",
        status="complete",
    )
    officer_action.refresh_from_db()
    assert officer_action.status == Action.Status.COMPLETE
    assert officer_action.completed_on == TODAY()
    assert officer_action.percent_complete == 100
    assert (update.status_from, update.status_to) == ("in_progress", "complete")


def test_completing_without_saying_what_was_done_is_refused(officer_action, officer):
    with pytest.raises(ValidationError, match="say what was done"):
        services.post_progress(
            action=officer_action, author=officer, text="done", status="complete"
        )
    officer_action.refresh_from_db()
    assert officer_action.status == Action.Status.NOT_STARTED
    assert not officer_action.updates.exists()


def test_non_owner_officer_cannot_post_progress(officer_action):
    from assessment.roles import OFFICER

    other_officer = UserFactory(role=OFFICER)
    with pytest.raises(PermissionDenied):
        services.post_progress(action=officer_action, author=other_officer, text="Sneaky update")
    assert not officer_action.updates.exists()


def test_manager_may_post_progress_on_any_action(officer_action, manager):
    services.post_progress(action=officer_action, author=manager, text="Chased the team.")
    assert officer_action.updates.count() == 1


def test_progress_waits_for_approval(plan, officer):
    action = ActionFactory(plan=plan, owner=officer)
    with pytest.raises(ValidationError, match="once the plan is approved"):
        services.post_progress(action=action, author=officer, text="Early start")


def test_completed_action_is_not_reopened(officer_action, officer):
    services.post_progress(
        action=officer_action, author=officer, text="All done and filed.", status="complete"
    )
    with pytest.raises(ValidationError, match="follow-up"):
        services.post_progress(
            action=officer_action, author=officer, text="Oops", status="in_progress"
        )


# --- reviews ---------------------------------------------------------------------------------


def test_not_effective_review_creates_a_linked_follow_up(officer_action, manager, finding):
    officer_action.findings.add(finding)
    verified_complete(officer_action)
    follow_up = Action(
        title="Re-audit in three months",
        owner=officer_action.owner,
        due_date=TODAY() + datetime.timedelta(days=90),
        success_measure="Re-audit shows change.",
    )
    review = services.record_review(
        action=officer_action,
        reviewer=manager,
        outcome=EffectivenessReview.Outcome.NOT_EFFECTIVE,
        evidence="Audit found no change in practice.",
        follow_up=follow_up,
    )
    assert review.needs_follow_up
    created = Action.objects.get(follow_up_of=officer_action)
    assert created.plan == officer_action.plan
    assert list(created.findings.all()) == [finding]


def test_review_refused_for_officer_or_incomplete_action(officer_action, officer, manager):
    with pytest.raises(PermissionDenied):
        services.record_review(
            action=officer_action, reviewer=officer, outcome="effective", evidence="x"
        )
    with pytest.raises(ValidationError, match="Only a completed action"):
        services.record_review(
            action=officer_action, reviewer=manager, outcome="effective", evidence="x"
        )
    assert not EffectivenessReview.objects.exists()


def test_effective_review_takes_no_follow_up(officer_action, manager):
    verified_complete(officer_action)
    follow_up = Action(title="F", owner=manager, due_date=TODAY(), success_measure="x")
    with pytest.raises(ValidationError, match="only created when"):
        services.record_review(
            action=officer_action,
            reviewer=manager,
            outcome="effective",
            evidence="Worked.",
            follow_up=follow_up,
        )
    assert not EffectivenessReview.objects.exists()  # the whole review was rolled back

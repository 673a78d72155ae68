"""Audit records in Django admin: a superuser may read them, never add, change or delete them,
and a record's history may be read but never reverted onto it."""

from http import HTTPStatus

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from actions.models import ActionPlan, ActionStatusSnapshot, PlanTransition
from core.admin_audit import HistoryAdmin
from notifications.models import DigestSent, Notification, NotificationPreference
from tests.actions.factories import ActionPlanFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def plan(cqc_framework):
    """A plan approved through the workflow's log: one transition from submitted."""
    plan = ActionPlanFactory(status=ActionPlan.Status.APPROVED)
    PlanTransition.objects.create(
        plan=plan,
        from_status=ActionPlan.Status.SUBMITTED,
        to_status=ActionPlan.Status.APPROVED,
        by=plan.owner,
        comment="Approved at board.",
    )
    return plan


@pytest.fixture
def audit_records(plan):
    """One row of each audit model that has an admin page of its own."""
    snapshot = ActionStatusSnapshot.objects.create(
        organisation=plan.organisation, date="2025-01-31", complete=1, on_track=2, overdue=3
    )
    digest = DigestSent.objects.create(user=plan.owner, date="2025-01-31", line_count=2)
    notification = Notification.objects.create(
        user=plan.owner, organisation=plan.organisation, kind="plan_approved", subject="Approved"
    )
    preference = NotificationPreference.objects.create(
        user=plan.owner, kind="plan_approved", delivery="digest"
    )
    return [snapshot, digest, notification, preference]


def admin_url(obj, view, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def test_audit_records_can_be_read_but_not_added_changed_or_deleted(root_client, audit_records):
    for record in audit_records:
        model = type(record)
        before = list(model.objects.values())
        changelist = root_client.get(admin_url(record, "changelist"))
        assert changelist.status_code == HTTPStatus.OK
        assert admin_url(record, "add") not in changelist.content.decode()
        assert "delete_selected" not in changelist.content.decode()
        assert root_client.get(admin_url(record, "change", record.pk)).status_code == HTTPStatus.OK

        assert root_client.get(admin_url(record, "add")).status_code == HTTPStatus.FORBIDDEN
        assert root_client.post(admin_url(record, "add"), {}).status_code == 403
        change = root_client.post(admin_url(record, "change", record.pk), {"date": "2020-01-01"})
        assert change.status_code == HTTPStatus.FORBIDDEN
        delete = root_client.post(admin_url(record, "delete", record.pk), {"post": "yes"})
        assert delete.status_code == HTTPStatus.FORBIDDEN
        bulk = root_client.post(
            admin_url(record, "changelist"),
            {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
        )
        assert list(model.objects.values()) == before, bulk


def inline_form(prefix: str, parent: ActionPlan, **row: str) -> dict[str, str]:
    """The plan's admin form, plus one new row in its inline called prefix when row is given."""
    data = {
        "title": parent.title,
        "purpose": parent.purpose,
        "organisation": str(parent.organisation_id),
        "assessment": str(parent.assessment_id),
        "owner": str(parent.owner_id),
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    data.update({f"{prefix}-0-{key}": value for key, value in row.items()})
    return data


def test_plan_page_shows_its_transitions_read_only(root_client, plan):
    url = admin_url(plan, "change", plan.pk)
    page = root_client.get(url)
    assert page.status_code == HTTPStatus.OK
    content = page.content.decode()
    assert "Approved at board." in content
    # Admin's script draws "Add another" from the empty-form row, and only under the maximum.
    assert 'id="transitions-empty"' not in content
    assert 'name="transitions-MAX_NUM_FORMS" value="0"' in content
    assert 'name="transitions-0-comment"' not in content  # shown as text, not as a field

    invented = inline_form(
        "transitions",
        plan,
        plan=str(plan.pk),
        from_status="draft",
        to_status="approved",
        by=str(plan.owner_id),
        at_0="2025-01-01",
        at_1="10:00:00",
        comment="Invented",
    )
    saved = root_client.post(url, invented)
    assert saved.status_code == HTTPStatus.FORBIDDEN  # the plan itself is read-only here
    assert list(plan.transitions.values_list("comment", flat=True)) == ["Approved at board."]


def test_history_can_be_viewed_but_not_reverted(root_client, plan):
    # A revert would put the plan back to draft with no transition logged.
    plan.status = ActionPlan.Status.DRAFT
    plan.save()
    draft = plan.history.order_by("history_date").last()
    plan.status = ActionPlan.Status.APPROVED
    plan.save()
    url = admin_url(plan, "simple_history", plan.pk, draft.history_id)

    assert root_client.get(admin_url(plan, "history", plan.pk)).status_code == HTTPStatus.OK
    page = root_client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "Revert" not in page.content.decode()

    rows = plan.history.count()
    revert = root_client.post(url, inline_form("transitions", plan) | {"_save": "Save"})
    assert revert.status_code == HTTPStatus.FORBIDDEN
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED
    assert plan.history.count() == rows


def test_every_history_admin_refuses_reverts_and_no_history_table_is_registered():
    """Guards admin pages added later: each must take its base class from core.admin_audit."""
    history_admins = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert len(history_admins) >= 9
    assert [a for a in history_admins if not isinstance(a, HistoryAdmin)] == []
    historical = [m for m in admin.site._registry if m.__name__.startswith("Historical")]
    assert historical == []


def test_plans_and_actions_are_read_only_so_their_trail_cannot_be_erased(root_client, plan):
    """Deleting a plan or action would cascade through its transitions and progress updates;
    editing one would pass the workflow (a submitted plan's actions are frozen for everyone)."""
    from actions.models import Action, ProgressUpdate
    from tests.actions.factories import ActionFactory

    action = ActionFactory(plan=plan)
    ProgressUpdate.objects.create(action=action, author=plan.owner, text="Started.")
    for record in (plan, action):
        before = dict(type(record).objects.values().get(pk=record.pk))
        page = root_client.get(admin_url(record, "change", record.pk)).content.decode()
        assert admin_url(record, "delete", record.pk) not in page
        assert root_client.post(
            admin_url(record, "delete", record.pk), {"post": "yes"}
        ).status_code == (HTTPStatus.FORBIDDEN)
        response = root_client.post(admin_url(record, "change", record.pk), {"title": "Renamed"})
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert dict(type(record).objects.values().get(pk=record.pk)) == before
    bulk = root_client.post(
        admin_url(plan, "changelist"),
        {"action": "delete_selected", "_selected_action": [plan.pk], "post": "yes"},
    )
    assert bulk.status_code in (HTTPStatus.OK, HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    assert PlanTransition.objects.filter(plan=plan).count() == 1
    assert ProgressUpdate.objects.filter(action=action).count() == 1
    assert Action.objects.filter(pk=action.pk).exists()

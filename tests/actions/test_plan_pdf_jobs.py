"""The plan PDF is built once per version by a job and served from storage after that."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import plan_pdf
from actions.models import Action, PlanTransition
from actions.plan_pdf import plan_pdf_version
from jobs.models import Job
from tests.actions.factories import (
    ActionFactory,
    ActionPlanFactory,
    ProgressUpdateFactory,
    ReviewFactory,
    ShortfallFindingFactory,
)
from tests.jobs.helpers import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cqc_framework):
    plan = ActionPlanFactory(title="Safeguarding learning plan")
    ActionFactory.create_batch(2, plan=plan)
    return plan


def test_built_once_then_served_from_storage(officer_client, plan, monkeypatch):
    url = reverse("actions:plan-pdf", args=[plan.pk])
    assert officer_client.get(url).status_code == HTTPStatus.ACCEPTED
    run_worker()
    job = Job.objects.get()
    assert (job.kind, job.status, job.subject) == ("plan_pdf", "done", f"plan:{plan.pk}")

    def must_not_build(plan):
        raise AssertionError("built again")

    monkeypatch.setattr(plan_pdf, "plan_pdf", must_not_build)
    response = officer_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    Action.objects.filter(plan=plan).first().save()  # an edit
    assert officer_client.get(url).status_code == HTTPStatus.ACCEPTED


def _first_action(plan):
    return Action.objects.filter(plan=plan).first()


CHANGES = {
    "plan edited": lambda p: p.save(),
    "action added": lambda p: ActionFactory(plan=p),
    "action deleted": lambda p: _first_action(p).delete(),
    "progress posted": lambda p: ProgressUpdateFactory(action=_first_action(p)),
    "review recorded": lambda p: ReviewFactory(action__plan=p),
    "workflow step": lambda p: PlanTransition.objects.create(
        plan=p, from_status="draft", to_status="submitted", by=p.owner
    ),
    "finding linked": lambda p: _first_action(p).findings.add(
        ShortfallFindingFactory(topic__assessment=p.assessment)
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_part_of_the_plan_pdf_is_in_its_version(plan, change):
    before = plan_pdf_version(plan)
    CHANGES[change](plan)
    assert plan_pdf_version(plan) != before


def test_an_action_going_overdue_changes_the_version(plan):
    action = _first_action(plan)
    today = timezone.localdate()
    Action.objects.filter(pk=action.pk).update(due_date=today)
    before = plan_pdf_version(plan)
    Action.objects.filter(pk=action.pk).update(due_date=today - datetime.timedelta(days=1))
    assert plan_pdf_version(plan) != before


def test_the_version_is_one_query(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        plan_pdf_version(plan)

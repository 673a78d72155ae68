"""Saving a form that changes nothing is no edit: no history row, no new version, no new
"updated" time (core.history.save_if_changed). A real change still records one row."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from actions.models import ActionPlan
from findings.models import Evidence
from tests.actions.factories import ActionFactory, ActionPlanFactory, ShortfallFindingFactory
from tests.findings.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


def unchanged_data(form) -> dict:
    """What the browser posts back when the user saves the form without touching it."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or field.disabled or name == "file":
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = getattr(value, "pk", value)
    return data


@pytest.fixture
def world(cqc_framework, manager):
    finding = ShortfallFindingFactory()
    assessment = finding.topic.assessment
    plan = ActionPlanFactory(assessment=assessment, owner=manager, created_by=manager)
    action = ActionFactory(plan=plan, owner=manager, created_by=manager)
    action.findings.add(finding)
    evidence = EvidenceFactory(
        assessment=assessment, kind=Evidence.Kind.NOTE, url="https://example.org/minutes"
    )
    evidence.findings.add(finding)
    return {
        "finding": (finding, reverse("findings:finding-update", args=[finding.pk])),
        "score": (
            assessment.scores.get(statement=finding.topic.statement),
            reverse(
                "assessment:statement-detail", args=[assessment.pk, finding.topic.statement.slug]
            ),
        ),
        "assessment": (assessment, reverse("assessment:assessment-update", args=[assessment.pk])),
        "organisation": (
            assessment.organisation,
            reverse("assessment:organisation-update", args=[assessment.organisation_id]),
        ),
        "plan": (plan, reverse("actions:plan-update", args=[plan.pk])),
        "action": (action, reverse("actions:action-update", args=[action.pk])),
        "evidence": (evidence, reverse("findings:evidence-update", args=[evidence.pk])),
    }


# A field each record's form edits, and a new value for it.
EDITS = {
    "finding": ("text", "Partners told us learning was still not monitored."),
    "score": ("summary", "Learning is not yet checked for its effect."),
    "assessment": ("title", "Adult social care, revised"),
    "organisation": ("region", "North East"),
    "plan": ("title", "Safeguarding learning plan, revised"),
    "action": ("title", "Track every recommendation"),
    "evidence": ("title", "Board minutes, March"),
}


def post_form(client, url, change=None):
    form = client.get(url).context["form"]
    data = unchanged_data(form)
    if change:
        data[change[0]] = change[1]
    return client.post(url, data)


@pytest.mark.parametrize("kind", list(EDITS))
def test_saving_an_unchanged_form_records_no_history(manager_client, world, kind):
    record, url = world[kind]
    rows = record.history.count()
    before = type(record).objects.get(pk=record.pk)
    response = post_form(manager_client, url)
    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    assert record.history.count() == rows
    after = type(record).objects.get(pk=record.pk)
    assert getattr(after, "version", None) == getattr(before, "version", None)
    assert getattr(after, "updated_at", None) == getattr(before, "updated_at", None)


@pytest.mark.parametrize("kind", list(EDITS))
def test_a_changed_form_records_one_history_row(manager_client, world, kind):
    record, url = world[kind]
    rows = record.history.count()
    response = post_form(manager_client, url, EDITS[kind])
    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    assert record.history.count() == rows + 1
    name, value = EDITS[kind]
    assert getattr(type(record).objects.get(pk=record.pk), name) == value


def test_an_unchanged_plan_keeps_its_place_in_the_list(manager_client, world):
    """The plan list is newest-changed first: a save that changed nothing must not move it."""
    plan, url = world["plan"]
    other = ActionPlanFactory(assessment=plan.assessment)
    assert list(ActionPlan.objects.for_list())[0] == other
    post_form(manager_client, url)
    assert list(ActionPlan.objects.for_list())[0] == other

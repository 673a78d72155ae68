"""Two people editing the same record: the second save, made from a form opened before the
first was saved, is refused with what changed (never a lost edit), and goes through once the
editor has seen it (the form then carries the version saved now). Complaints, actions, plans,
assessments, organisations and evidence; findings, scores and self-assessments have their own
tests."""

from dataclasses import dataclass
from http import HTTPStatus

import pytest
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from actions.services import items as action_services
from actions.services import plans as plan_services
from assessment import services as assessment_services
from assessment.roles import MANAGER
from complaints import services as complaint_services
from findings.services import evidence as evidence_services
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.assessment.factories import AssessmentFactory
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, make_member
from tests.findings.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    url_name: str
    noun: str
    field: str
    make: object  # (manager) -> the record
    save: object  # (record, user) -> saves it as someone else, outside a form


def _complaint(manager):
    return ComplaintFactory()


def _save_complaint(complaint, user):
    complaint_services.save_complaint(complaint=complaint, user=user)


def _action(manager):
    return ActionFactory(plan=ActionPlanFactory(owner=manager), owner=manager)


def _save_action(action, user):
    action_services.update_action(
        action=action, user=user, findings=[], complaint_categories=[], complaints=[]
    )


def _plan(manager):
    return ActionPlanFactory(owner=manager, created_by=manager)


def _save_plan(plan, user):
    plan_services.update_plan(plan=plan, user=user)


def _save_record(record, user):
    assessment_services.update_record(record=record, user=user)


def _evidence(manager):
    return EvidenceFactory(organisation=manager.memberships.get().organisation, owner=manager)


def _save_evidence(evidence, user):
    evidence_services.save_evidence(evidence=evidence, user=user)


CASES = [
    Case("complaints:complaint-update", "complaint", "summary", _complaint, _save_complaint),
    Case("actions:action-update", "action", "description", _action, _save_action),
    Case("actions:plan-update", "plan", "purpose", _plan, _save_plan),
    Case(
        "assessment:assessment-update",
        "assessment",
        "title",
        lambda manager: AssessmentFactory(),
        _save_record,
    ),
    Case(
        "assessment:organisation-update",
        "organisation",
        "code",
        lambda manager: manager.memberships.get().organisation,
        _save_record,
    ),
    Case("findings:evidence-update", "evidence", "title", _evidence, _save_evidence),
]


def _form_data(form) -> dict:
    """What the page's form posts back unchanged (its initial values)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or form.fields[name].disabled or isinstance(value, FieldFile):
            continue  # a stored file is kept by posting nothing for it
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    return data


@pytest.fixture
def other_manager(organisation):
    return make_member(UserFactory(username="pat"), organisation, MANAGER).user


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.noun)
def test_a_save_from_a_form_opened_before_anothers_save_is_refused_with_what_changed(
    case, cqc_framework, manager, manager_client, other_manager
):
    record = case.make(manager)
    url = reverse(case.url_name, args=[record.pk])
    opened = manager_client.get(url)
    assert opened.status_code == HTTPStatus.OK
    data = _form_data(opened.context["form"])
    assert data["version"] == 1

    theirs = type(record).objects.get(pk=record.pk)
    setattr(theirs, case.field, "Their words")
    case.save(theirs, other_manager)

    response = manager_client.post(url, data | {case.field: "My words"})
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert f"changed this {case.noun} after you opened it" in page
    assert "Their words" in page  # in the table of what changed
    stored = type(record).objects.get(pk=record.pk)
    assert (getattr(stored, case.field), stored.version) == ("Their words", 2)

    # Seen: the form now carries version 2, so saving again is the editor's decision.
    assert 'name="version" value="2"' in page
    response = manager_client.post(url, data | {case.field: "My words", "version": 2})
    assert response.status_code == HTTPStatus.FOUND
    stored = type(record).objects.get(pk=record.pk)
    assert (getattr(stored, case.field), stored.version) == ("My words", 3)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.noun)
def test_a_save_naming_no_version_is_refused(case, cqc_framework, manager, manager_client):
    record = case.make(manager)
    url = reverse(case.url_name, args=[record.pk])
    data = _form_data(manager_client.get(url).context["form"])
    del data["version"]
    response = manager_client.post(url, data | {case.field: "My words"})
    assert response.status_code == HTTPStatus.OK
    assert "Not saved" in response.content.decode()
    assert getattr(type(record).objects.get(pk=record.pk), case.field) != "My words"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.noun)
def test_a_save_that_changes_nothing_keeps_the_version(
    case, cqc_framework, manager, manager_client
):
    record = case.make(manager)
    url = reverse(case.url_name, args=[record.pk])
    data = _form_data(manager_client.get(url).context["form"])
    assert manager_client.post(url, data).status_code == HTTPStatus.FOUND
    assert type(record).objects.get(pk=record.pk).version == 1

"""Every service that writes checks the user's role in the organisation of the object it writes:
a manager of organisation B may do nothing to organisation A's records (PermissionDenied, and
nothing changes), whatever their role allows in B."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from actions import services as action_services
from actions.models import Action, ActionPlan
from assessment import services as assessment_services
from assessment.models import Assessment
from complaints import services as complaint_services
from complaints.importer import import_complaints
from complaints.models import Complaint
from findings.models import Evidence
from findings.services import evidence as evidence_services
from findings.services import findings as finding_services
from findings.services.reports import import_report
from jobs.documents import Document, serve_or_build
from jobs.models import Job
from jobs.services import start_job
from tests.jobs.sample_tasks import add_organisations
from tests.learning import tenancy_writes as learning_writes
from tests.tenancy import two_organisations

pytestmark = pytest.mark.django_db

REPORT = """Learning, improvement and innovation
Score: 2
Evidence shows some shortfalls
Key findings for this quality statement
Continuous learning
Staff told us learning was shared across teams.
"""
CSV = b"reference,date_received\r\nNEW-1,01/06/2023\r\n"


def _statement(world):
    return world["a"]["assessment"].framework.statements.get(slug=world["a"]["statement"])


def _document(world):
    return Document(
        kind=Job.Kind.REPORT_PDF,
        subject=f"assessment:{world['a']['assessment'].pk}",
        version="v1",
        title="Report",
        filename="report.pdf",
        task=add_organisations,
        organisation=world["a"]["organisation"],
        permission="findings.view_finding",
    )


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


# name -> what B's manager tries on A's records (each must raise PermissionDenied).
WRITES = {
    "create assessment": lambda w, u: assessment_services.create_assessment(
        assessment=Assessment(
            organisation=w["a"]["organisation"],
            framework=w["a"]["assessment"].framework,
            title="Sneaky",
        ),
        user=u,
    ),
    "edit assessment": lambda w, u: assessment_services.update_record(
        record=Assessment.objects.get(pk=w["a"]["assessment"].pk), user=u
    ),
    "move assessment here": lambda w, u: assessment_services.update_record(
        record=_moved(w["b"]["assessment"], w["a"]["organisation"]), user=u
    ),
    "edit organisation": lambda w, u: assessment_services.update_record(
        record=w["a"]["organisation"], user=u
    ),
    "score": lambda w, u: assessment_services.set_statement_score(
        score_record=w["a"]["score"], score=1, summary="Sneaky", user=u
    ),
    "add finding": lambda w, u: finding_services.create_finding(
        assessment=w["a"]["assessment"],
        statement=_statement(w),
        topic_title="Sneaky",
        text="Sneaky finding.",
        recorded_by=u,
    ),
    "edit finding": lambda w, u: finding_services.update_finding(
        finding=w["a"]["finding"],
        user=u,
        expected_version=w["a"]["finding"].version,
        topic_title=w["a"]["topic"].title,
        text="Sneaky",
    ),
    "move finding": lambda w, u: finding_services.move_finding(
        finding=w["a"]["finding"], direction="down", user=u
    ),
    "delete finding": lambda w, u: finding_services.delete_finding(
        finding=w["a"]["finding"], user=u
    ),
    "import report": lambda w, u: import_report(
        assessment=w["a"]["assessment"], text=REPORT, user=u
    ),
    "add evidence": lambda w, u: evidence_services.save_evidence(
        evidence=Evidence(organisation=w["a"]["organisation"], title="Sneaky", kind="note"), user=u
    ),
    "edit evidence": lambda w, u: evidence_services.save_evidence(
        evidence=Evidence.objects.get(pk=w["a"]["evidence"].pk), user=u
    ),
    "upload evidence version": lambda w, u: evidence_services.add_version(
        evidence=w["a"]["evidence"],
        user=u,
        upload=SimpleUploadedFile("sneaky.txt", b"Replaced."),
    ),
    "record complaint": lambda w, u: complaint_services.save_complaint(
        complaint=Complaint(
            organisation=w["a"]["organisation"],
            reference="SNEAKY-1",
            date_received=datetime.date(2023, 6, 1),
        ),
        user=u,
    ),
    "edit complaint": lambda w, u: complaint_services.save_complaint(
        complaint=Complaint.objects.get(pk=w["a"]["complaint"].pk), user=u
    ),
    "move complaint here": lambda w, u: complaint_services.save_complaint(
        complaint=_moved(w["b"]["complaint"], w["a"]["organisation"]), user=u
    ),
    "delete complaint": lambda w, u: complaint_services.delete_complaint(
        complaint=w["a"]["complaint"], user=u
    ),
    "import complaints": lambda w, u: import_complaints(
        organisation=w["a"]["organisation"], user=u, filename="c.csv", content=CSV
    ),
    "draft plan": lambda w, u: action_services.create_plan(
        plan=ActionPlan(organisation=w["a"]["organisation"], title="Sneaky"), created_by=u
    ),
    "edit plan": lambda w, u: action_services.update_plan(plan=w["a"]["plan"], user=u),
    "submit plan": lambda w, u: action_services.transition_plan(
        plan=w["a"]["plan"], name="submit", by=u
    ),
    "close plan": lambda w, u: action_services.transition_plan(
        plan=w["a"]["approved_plan"], name="close", by=u
    ),
    "add action": lambda w, u: action_services.create_action(
        action=Action(
            plan=w["a"]["plan"],
            title="Sneaky",
            owner=u,
            due_date=datetime.date(2030, 1, 1),
            success_measure="x",
        ),
        user=u,
    ),
    "edit action": lambda w, u: action_services.update_action(action=w["a"]["action"], user=u),
    "post progress": lambda w, u: action_services.post_progress(
        action=w["a"]["approved_action"], author=u, text="Sneaky progress."
    ),
    "review action": lambda w, u: action_services.record_review(
        action=Action.objects.get(pk=w["a"]["complete_action"].pk),
        reviewer=u,
        outcome="effective",
        evidence="Sneaky",
    ),
    "start a job": lambda w, u: start_job(
        kind=Job.Kind.REPORT_PDF,
        task=add_organisations,
        title="Sneaky",
        user=u,
        organisation=w["a"]["organisation"],
        permission="findings.view_finding",
    ),
    "fetch a document": lambda w, u: serve_or_build(_request(u), _document(w)),
    **{f"learning: {name}": write for name, write in learning_writes.WRITES.items()},
}


def _moved(record, organisation):
    record.organisation = organisation
    if isinstance(record, Complaint):  # its lists are its old organisation's
        record.category = record.service_area = None
    return record


def snapshot(world):
    models = [type(obj) for obj in world["a"].values() if hasattr(obj, "_meta")]
    return {
        model._meta.label: sorted(model.objects.values_list(), key=str) for model in set(models)
    }


@pytest.fixture
def world(cqc_framework):
    world = two_organisations()
    # A's review is B's manager's own test: the complete action has none yet.
    world["a"]["review"].delete()
    return world


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_manager_elsewhere_may_not_write_here(world, write):
    manager = world["b_users"]["manager"]
    before = snapshot(world)
    jobs = Job.objects.count()
    with pytest.raises(PermissionDenied):
        WRITES[write](world, manager)
    assert snapshot(world) == before
    assert Job.objects.count() == jobs


@pytest.mark.parametrize("write", ["edit plan", "submit plan", "edit action", "score"])
def test_the_same_write_in_their_own_organisation_is_allowed(world, write):
    """The refusals above are about the organisation, not the write: mirrored onto B's own
    records, B's officer may do it."""
    mirrored = {"a": world["b"], "b": world["a"], "b_users": world["b_users"]}
    WRITES[write](mirrored, world["b_users"]["officer"])

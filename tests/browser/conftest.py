import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from actions.models import Action, ActionPlan, PlanTransition
from assessment.demo import DEMO_ORGANISATION
from assessment.models import Assessment
from assessment.roles import OFFICER
from complaints.models import Complaint
from findings.models import Evidence, Finding
from readiness.models import Metric
from readiness.services.self_assessment import save_self_assessment, save_summary
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.assessment.factories import AssessmentFactory, score_all
from tests.complaints.factories import load_bank_holidays
from tests.factories import TEST_PASSWORD, UserFactory
from tests.findings.factories import EvidenceFactory
from tests.readiness.factories import value_for

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def login(page, live_server):
    """Log a user in through the real login form; returns a function taking a username."""

    def _login(username: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")

    return _login


@pytest.fixture
def browser_officer(cqc_framework):
    return UserFactory(username="officer", first_name="Olu", last_name="Officer", role=OFFICER)


@pytest.fixture
def demo(cqc_framework):
    """The demo data (`load_demo`) and what it lacks: every judgement, evidence with a file, a
    submitted and a returned plan, an earlier assessment to compare with. Returns the objects
    the pages are about."""
    load_bank_holidays()
    call_command("load_demo", stdout=StringIO())
    users = get_user_model().objects.all()
    for user in users:
        user.set_password(TEST_PASSWORD)
        user.save()
    officer, manager = users.get(username="officer"), users.get(username="manager")
    # The demo council's (the second council's data is its own officer's only).
    assessment = Assessment.objects.get(organisation__name=DEMO_ORGANISATION)
    # The demo plan answers every shortfall: judge three unanswered findings afresh.
    findings = list(Finding.objects.filter(actions__isnull=True).order_by("pk"))
    for finding, judgement in zip(findings, ["strength", "mixed", "shortfall"], strict=False):
        Finding.objects.filter(pk=finding.pk).update(judgement=judgement)
    answered = Finding.objects.filter(actions__isnull=False).order_by("pk").first()
    evidence = EvidenceFactory(assessment=assessment, kind=Evidence.Kind.DOCUMENT)
    evidence.file.save("annual.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    Evidence.objects.filter(pk=evidence.pk).update(
        original_filename="annual.pdf", content_type="application/pdf", size=15
    )
    evidence.versions.create(
        number=1,
        file=evidence.file.name,
        original_filename="annual.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=officer,
    )
    evidence.findings.add(answered)
    earlier = AssessmentFactory(
        organisation=assessment.organisation,
        title="Adult social care self-assessment 2023",
        status=Assessment.Status.PUBLISHED,
    )
    score_all(earlier, [1, 2, 2, 2, 3, 1, 2, 2, 1])
    # A year before the demo assessment, so the comparison reads earlier -> later.
    Assessment.objects.filter(pk=earlier.pk).update(
        created_at=assessment.created_at - datetime.timedelta(days=365)
    )
    submitted, returned = _plans_in_review(assessment, officer, manager)
    return {
        "assessment": assessment,
        "earlier": earlier,
        "finding": answered,  # with its evidence and the actions answering it
        "evidence": evidence,
        "complaint": Complaint.objects.filter(organisation=assessment.organisation)
        .order_by("-date_received")
        .first(),
        "plan": ActionPlan.objects.get(status=ActionPlan.Status.APPROVED),
        "submitted": submitted,
        "returned": returned,
        "in_progress": Action.objects.filter(status="in_progress", owner=officer).first(),
        "unreviewed": Action.objects.filter(status="complete", review__isnull=True).first(),
    }


def _plans_in_review(assessment, officer, manager):
    """A plan submitted for approval and one returned for changes, each with an action."""
    due = timezone.localdate() + datetime.timedelta(days=40)
    submitted = ActionPlanFactory(
        assessment=assessment, title="Carers' feedback plan", owner=manager, created_by=officer
    )
    ActionFactory(plan=submitted, owner=officer, created_by=officer, due_date=due)
    ActionPlan.objects.filter(pk=submitted.pk).update(status=ActionPlan.Status.SUBMITTED)
    returned = ActionPlanFactory(
        assessment=assessment, title="Safeguarding audit plan", owner=manager, created_by=officer
    )
    ActionFactory(plan=returned, owner=officer, created_by=officer, due_date=due)
    ActionPlan.objects.filter(pk=returned.pk).update(status=ActionPlan.Status.RETURNED)
    PlanTransition.objects.create(
        plan=returned,
        from_status="submitted",
        to_status="returned",
        by=manager,
        comment="Please give each action a measure we can audit.",
    )
    return submitted, returned


@pytest.fixture
def demo_readiness(demo):
    """The demo and a self-assessment (3 on Learning beside CQC's 2: a gap; Assessing needs
    with evidence tagged to an I statement), its summary, and metric values over four years."""
    officer = get_user_model().objects.get(username="officer")
    return demo | _readiness(demo["assessment"], officer, demo["evidence"])


def _readiness(assessment, officer, evidence) -> dict:
    for slug, score in (("learning-improvement-innovation", 3), ("assessing-needs", 2)):
        record = assessment.scores.get(statement__slug=slug)
        save_self_assessment(
            score_record=record,
            user=officer,
            score=score,
            narrative="Where we stand on this statement.",
            strengths="Learning from complaints reaches every team.",
            areas_for_improvement="Partners do not hear what changed.",
            evidence={0: [evidence], **({1: [evidence]} if record.statement.i_statements else {})},
        )
    save_summary(assessment=assessment, user=officer, narrative="Our summary for the return.")
    metrics = list(Metric.objects.in_order()[:2])
    for year, number in ((2021, 58), (2022, 60.5), (2023, 61), (2024, 64.3)):
        for metric in metrics:
            value_for(
                assessment.organisation,
                metric,
                year,
                number,
                england=Decimal(62),
                target=Decimal(63),
            )
    value = metrics[0].values.order_by("-period_start").first()
    return {"metric": metrics[0], "metric_value": value}

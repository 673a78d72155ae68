"""Every main page of every app, and Django admin, runs in Chromium under the site's
Content-Security-Policy without one violation: nothing inline is blocked, so nothing on the
page silently stops working."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import ActionStatusSnapshot, PlanTransition
from assessment.models import Assessment
from findings.models import Evidence
from tests.actions.factories import (
    ActionFactory,
    ActionPlanFactory,
    ProgressUpdateFactory,
    ShortfallFindingFactory,
)
from tests.assessment.factories import AssessmentFactory, OrganisationFactory, score_all
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory
from tests.findings.factories import EvidenceFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Playwright adds init scripts through the DevTools protocol, outside the page's CSP.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
    ` (${event.sourceFile}:${event.lineNumber})`
  );
});
"""
READ_VIOLATIONS = "() => new Promise((done) => setTimeout(() => done(window.__cspViolations), 50))"


def main_pages(data) -> list[str]:
    assessment, plan, action, finding, evidence, complaint = data
    return [
        reverse("dashboard"),
        reverse("assessment:assessment-list"),
        assessment.get_absolute_url(),
        reverse("assessment:statement-detail", args=[assessment.pk, "safeguarding"]),
        reverse("findings:assessment-report", args=[assessment.pk]),
        reverse("findings:finding-list"),
        finding.get_absolute_url(),
        reverse("findings:evidence-list", args=[assessment.pk]),
        evidence.get_absolute_url(),
        reverse("complaints:complaint-list"),
        complaint.get_absolute_url(),
        reverse("complaints:complaints-report"),
        reverse("actions:plan-list"),
        plan.get_absolute_url(),
        action.get_absolute_url(),
        reverse("actions:action-update", args=[action.pk]),
        reverse("actions:you-said-we-did", args=[assessment.organisation_id]),
        reverse("admin:index"),
        reverse("admin:actions_actionplan_change", args=[plan.pk]),
        reverse("admin:actions_action_change", args=[action.pk]),
        reverse("admin:findings_finding_change", args=[finding.pk]),
        reverse("admin:actions_actionplan_history", args=[plan.pk]),
        reverse("admin:actions_actionstatussnapshot_changelist"),
    ]


@pytest.fixture
def data(cqc_framework):
    organisation = OrganisationFactory(name="Northshire County Council")
    assessment = score_all(
        AssessmentFactory(organisation=organisation, status=Assessment.Status.IN_PROGRESS),
        [2, 3, 3, 2, 3, 2, 2, 3, 2],
    )
    finding = ShortfallFindingFactory(topic__assessment=assessment)
    evidence = EvidenceFactory(assessment=assessment, kind=Evidence.Kind.DOCUMENT)
    evidence.file.save("annual.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    evidence.findings.add(finding)
    complaint = ComplaintFactory(organisation=organisation)
    plan = ActionPlanFactory(assessment=assessment, status="approved")
    PlanTransition.objects.create(
        plan=plan, from_status="submitted", to_status="approved", by=plan.owner
    )
    action = ActionFactory(plan=plan, due_date=timezone.localdate() - datetime.timedelta(days=3))
    action.findings.add(finding)
    ProgressUpdateFactory(action=action)
    ActionStatusSnapshot.objects.create(
        organisation=organisation,
        date=timezone.localdate() - datetime.timedelta(days=1),
        complete=0,
        on_track=0,
        overdue=1,
    )
    return assessment, plan, action, finding, evidence, complaint


def test_main_pages_break_no_rule_of_the_policy(page, live_server, login, data):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    blocked = []
    page.on(
        "console",
        lambda msg: (
            blocked.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda error: blocked.append(f"{page.url}: {error}"))
    page.add_init_script(RECORD_VIOLATIONS)
    login("root")

    for url in main_pages(data):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        blocked += [f"{url}: {v}" for v in page.evaluate(READ_VIOLATIONS)]

    assert blocked == []


def test_scripts_still_work_under_the_policy(page, live_server, login, data, browser_officer):
    """The moved scripts still work (print, go back) and admin's script offers no
    "Add another" row for an audit record."""
    UserFactory(username="root", is_staff=True, is_superuser=True)
    assessment, plan, action, *_ = data
    login("root")
    page.goto(f"{live_server.url}{reverse('findings:assessment-report', args=[assessment.pk])}")
    page.evaluate(
        "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"
    )
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("() => window.__printed") == 1

    page.goto(f"{live_server.url}{reverse('admin:actions_actionplan_change', args=[plan.pk])}")
    expect(page.get_by_role("heading", name="Plan transitions")).to_be_visible()
    # Admin's script draws the link, then hides it: the inline's maximum is 0.
    expect(page.get_by_role("button", name="Add another Plan transition")).to_have_count(0)
    page.goto(f"{live_server.url}{reverse('admin:actions_action_change', args=[action.pk])}")
    expect(page.get_by_role("heading", name="Progress updates")).to_be_visible()
    expect(page.get_by_role("button", name="Add another Progress update")).to_have_count(0)

    page.context.clear_cookies()
    login("officer")
    page.goto(f"{live_server.url}{reverse('assessment:organisation-create')}")
    expect(page.get_by_role("heading", name="You can't do that here")).to_be_visible()
    page.get_by_role("button", name="Go back").click()
    page.wait_for_url(f"{live_server.url}/")

"""WCAG 2.2 AA in a real Chromium: axe-core finds no violation (serious, critical or any other)
on any page of the main journeys, for an officer, a manager, a user with no role and a visitor
who is not logged in, with the demo council's data (the seed report's findings, 215 complaints,
a plan with actions in every status) plus a plan waiting for approval, one returned for
changes and a second assessment (see the `demo` fixture), and a self-assessment with metric
values (`demo_readiness`)."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import FeedbackSource, ProgressUpdate, PublicWording
from assessment.members import services as member_services
from assessment.members.models import Invitation
from assessment.models import Membership
from findings.demo import SEED_REPORT
from tests.actions.factories import ActionFactory
from tests.browser.axe_check import violations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
DAY = datetime.timedelta(days=1)


def action_pages(d) -> list[tuple[str, list]]:
    """The plans and actions an officer works on: the plan submitted, the one returned."""
    assessment, plan, returned = d["assessment"], d["plan"], d["returned"]
    return [
        ("actions:plan-list", []),
        ("actions:plan-detail", [plan.pk]),
        ("actions:plan-detail", [returned.pk]),
        ("actions:plan-create", []),
        ("actions:plan-update", [returned.pk]),
        ("actions:action-create", [returned.pk]),
        ("actions:action-detail", [d["in_progress"].pk]),
        ("actions:action-update", [returned.actions.get().pk]),
        ("actions:my-actions", []),
        ("actions:action-list", []),
        ("actions:overdue", []),
        ("actions:due-soon", []),
        ("actions:unanswered-shortfalls", []),
        ("actions:you-said-we-did", [assessment.organisation_id]),
    ]


def officer_pages(d) -> list[str]:
    assessment = d["assessment"]
    # The statement page with its findings, the unanswered shortfall and the score form.
    slug = d["finding"].topic.statement.slug
    statement = ("assessment:statement-detail", [assessment.pk, slug])
    pages = [
        ("dashboard", []),
        ("assessment:assessment-list", []),
        ("assessment:assessment-detail", [assessment.pk]),
        ("assessment:assessment-create", []),
        ("assessment:assessment-update", [assessment.pk]),
        statement,
        ("findings:assessment-report", [assessment.pk]),
        ("findings:finding-list", []),
        ("findings:finding-detail", [d["finding"].pk]),
        ("findings:finding-update", [d["finding"].pk]),
        ("findings:finding-create", [assessment.pk, slug]),
        ("findings:finding-delete", [d["finding"].pk]),
        ("findings:evidence-list", [assessment.pk]),
        ("findings:evidence-detail", [d["evidence"].pk]),
        ("findings:evidence-create", [assessment.pk]),
        ("findings:evidence-update", [d["evidence"].pk]),
        ("findings:evidence-library", [assessment.organisation_id]),
        ("findings:library-evidence-create", [assessment.organisation_id]),
        ("findings:evidence-version-create", [d["evidence"].pk]),
        ("findings:report-import", [assessment.pk]),
        ("complaints:complaint-list", []),
        ("complaints:complaint-detail", [d["complaint"].pk]),
        ("complaints:complaint-create", []),
        ("complaints:complaint-update", [d["complaint"].pk]),
        ("complaints:complaint-import", []),
        ("complaints:complaints-report", []),
        *action_pages(d),
        ("assessment:organisation-list", []),
        ("assessment:organisation-detail", [assessment.organisation_id]),
        ("assessment:organisation-compare", [assessment.organisation_id]),
        ("password_change", []),
        *readiness_pages(d),
        *public_pages(),
    ]
    urls = [reverse(name, args=args) for name, args in pages]
    finding = d["finding"].pk
    # The complaints report on the year under way ("year to date", months so far).
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    organisation = assessment.organisation_id
    return [
        *urls,
        f"{reverse('actions:action-for-finding')}?finding={finding}",
        f"{reverse('complaints:complaints-report')}?organisation={organisation}&year={year}",
    ]


def officer_states(page, base_url: str, d) -> list[str]:
    """States a page only reaches by a form: the report import's preview, listing the
    findings it would add."""
    assessment = d["assessment"]
    page.goto(f"{base_url}{reverse('findings:report-import', args=[assessment.pk])}")
    # The demo has the seed report already: reworded findings are new ones to add.
    page.get_by_label("Or paste the text").fill(
        SEED_REPORT.read_text().replace("told us", "said to us")
    )
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    return violations(page)


def readiness_pages(d) -> list[tuple[str, list]]:
    """Ready for re-assessment (the statement pages of officer_pages carry its panels too)."""
    assessment, organisation, metric = d["assessment"], d["assessment"].organisation_id, d["metric"]
    return [
        ("assessment:statement-detail", [assessment.pk, "assessing-needs"]),
        ("assessment:statement-detail", [assessment.pk, "learning-improvement-innovation"]),
        ("readiness:self-assessment", [assessment.pk]),
        ("readiness:statement-self-assessment", [assessment.pk, "assessing-needs"]),
        ("readiness:metric-list", [organisation]),
        ("readiness:metric-detail", [organisation, metric.pk]),
        ("readiness:value-create", [organisation, metric.pk]),
        ("readiness:value-update", [d["metric_value"].pk]),
        ("readiness:value-import", [organisation]),
    ]


def public_pages() -> list[tuple[str, list]]:
    """ "You said, we did": the demo's feedback sources and approved wording."""
    source = FeedbackSource.objects.order_by("pk").first()
    wording = PublicWording.objects.order_by("pk").first()
    return [
        ("actions:public-wording-queue", []),
        ("actions:public-wording", [wording.review_id]),
        ("actions:feedback-source-list", []),
        ("actions:feedback-source-create", []),
        ("actions:feedback-source-detail", [source.pk]),
        ("actions:feedback-source-update", [source.pk]),
    ]


def manager_pages(d) -> list[str]:
    organisation = d["assessment"].organisation_id
    pages = [
        ("dashboard", []),
        ("actions:approval-queue", []),
        ("actions:plan-detail", [d["submitted"].pk]),
        ("actions:plan-detail", [d["plan"].pk]),
        ("actions:action-detail", [d["unreviewed"].pk]),
        ("actions:action-detail", [d["in_progress"].pk]),
        ("complaints:complaint-delete", [d["complaint"].pk]),
        ("assessment:organisation-update", [organisation]),
        ("assessment:member-list", [organisation]),
        ("assessment:member-add", [organisation]),
        ("assessment:member-invite", [organisation]),
        ("assessment:member-role", [d["officer_membership"].pk]),
        ("assessment:roles", []),
        ("readiness:value-delete", [d["metric_value"].pk]),
    ]
    return [reverse(name, args=args) for name, args in pages]


def check(page, base_url: str, paths: list[str], expected_status: int = 200) -> list[str]:
    found = []
    for path in paths:
        response = page.goto(f"{base_url}{path}")
        assert response.status == expected_status, path
        found += violations(page)
    return found


def report(found: list[str]) -> str:
    return f"{len(found)} accessibility violations (axe-core):\n" + "\n".join(found)


def test_officer_pages_have_no_accessibility_violations(page, live_server, login, demo_readiness):
    demo = demo_readiness
    # The dashboard lists the officer's overdue actions; one of their updates has evidence.
    officer = demo["in_progress"].owner
    ActionFactory(plan=demo["plan"], owner=officer, due_date=timezone.localdate() - DAY)
    ProgressUpdate.objects.filter(action=demo["in_progress"]).update(
        evidence_url="https://intranet.example.gov.uk/minutes"
    )
    login("officer")
    found = check(page, live_server.url, officer_pages(demo_readiness))
    # The pages an officer may not use, and one that does not exist.
    found += check(page, live_server.url, [reverse("assessment:organisation-create")], 403)
    found += check(page, live_server.url, ["/no-such-page/"], 404)
    # A form sent back with errors (the browser's own checks switched off to get there).
    page.goto(f"{live_server.url}{reverse('complaints:complaint-create')}")
    page.locator("main form[method=post]").evaluate("(form) => { form.noValidate = true; }")
    page.locator("main form[method=post] [type=submit]").last.click()
    page.wait_for_load_state()
    found += violations(page)
    # The navigation's menus, open.
    page.get_by_role("button", name="Actions").click()
    found += violations(page)
    found += officer_states(page, live_server.url, demo)
    assert found == [], report(found)


def test_manager_pages_have_no_accessibility_violations(page, live_server, login, demo_readiness):
    login("manager")
    demo_readiness["officer_membership"] = Membership.objects.get(
        user__username="officer", organisation=demo_readiness["assessment"].organisation
    )
    found = check(page, live_server.url, manager_pages(demo_readiness))
    # Administrators create organisations: the refusal names them.
    found += check(page, live_server.url, [reverse("assessment:organisation-create")], 403)
    # A return without a comment: the plan's page with the error on the comment field.
    page.goto(f"{live_server.url}{demo_readiness['submitted'].get_absolute_url()}")
    page.get_by_role("button", name="Return for changes", exact=True).click()
    page.wait_for_load_state()
    found += violations(page)
    # Verified complete, awaiting its review of effect.
    unreviewed = demo_readiness["unreviewed"]
    services.verify_completion(action=unreviewed, user=unreviewed.plan.owner, note="Checked.")
    found += check(page, live_server.url, [unreviewed.get_absolute_url()])
    # Public wording edited since its approval: a draft, with the manager's approve button.
    wording = PublicWording.objects.order_by("pk").first()
    PublicWording.objects.filter(pk=wording.pk).update(
        status=PublicWording.Status.DRAFT, approved_by=None, approved_at=None
    )
    found += check(page, live_server.url, [wording.get_absolute_url()])
    assert found == [], report(found)


def test_public_pages_have_no_accessibility_violations(page, live_server, login, demo):
    public = [reverse("login"), reverse("password_reset"), reverse("accessibility")]
    found = check(page, live_server.url, public)
    # An expired reset link (its warning alert) and a wrong password (the form's error).
    found += check(page, live_server.url, [reverse("password_reset_confirm", args=["x", "y"])])
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    found += violations(page)
    # An invitation's link: the form, and the page of a link used already.
    organisation = demo["assessment"].organisation
    manager = Membership.objects.get(organisation=organisation, user__username="manager").user
    invitation, _ = member_services.invite_member(
        organisation=organisation,
        email="new.person@example.org",
        role="officer",
        user=manager,
        site_url=live_server.url,
    )
    token = re.search(r"/invitations/accept/([\w-]+)/", mail.outbox[-1].body).group(1)
    found += check(page, live_server.url, [reverse("assessment:invitation-accept", args=[token])])
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    url = reverse("assessment:invitation-accept", args=[token])
    found += check(page, live_server.url, [url], 410)
    # Someone logged in with no role yet.
    UserFactory(username="nobody")
    login("nobody")
    found += violations(page)
    assert found == [], report(found)

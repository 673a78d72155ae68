"""User text is escaped on every page: hostile markup typed into every field people fill in
never comes back as live HTML (forms' help texts and option labels, tables, the SVG charts)."""

import datetime
import re

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html

from actions.models import Action, ActionPlan, EffectivenessReview
from complaints.models import Complaint
from core.textdiff import marked_diff
from tests.actions.factories import (
    ActionFactory,
    ActionPlanFactory,
    ProgressUpdateFactory,
    ReviewFactory,
    ShortfallFindingFactory,
)
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.complaints.factories import (
    ComplaintCategoryFactory,
    ComplaintFactory,
    ServiceAreaFactory,
)
from tests.findings.factories import EvidenceFactory

pytestmark = pytest.mark.django_db

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = '"><script>alert(2)</script>'
PAYLOAD = IMG + SCRIPT  # for fields long enough to hold both
RAW = re.compile(r"<img src=x|<script>alert", re.IGNORECASE)
ESCAPED = ("&lt;img src=x", "&lt;script&gt;alert")


def hostile_complaints(organisation):
    """Two complaints with hostile text everywhere (one's reference each payload); returns
    their hostile category."""
    category = ComplaintCategoryFactory(organisation=organisation, name=PAYLOAD[:100])
    area = ServiceAreaFactory(organisation=organisation, name=PAYLOAD)
    for reference in (IMG, SCRIPT):
        ComplaintFactory(
            organisation=organisation,
            reference=reference,
            category=category,
            service_area=area,
            date_received=datetime.date(2023, 6, 1),
            summary=PAYLOAD,
            learning=PAYLOAD,
            investigating_officer=PAYLOAD,
        )
    return category


@pytest.fixture
def hostile(cqc_framework):
    """Hostile text in every field a person types that a page shows."""
    user = get_user_model().objects.create_superuser(
        "root", "root@example.org", "x", first_name=IMG, last_name=SCRIPT
    )
    organisation = OrganisationFactory(name=PAYLOAD)
    assessment = AssessmentFactory(organisation=organisation, title=PAYLOAD)
    finding = ShortfallFindingFactory(
        topic__assessment=assessment, topic__title=PAYLOAD, text=PAYLOAD
    )
    plan = ActionPlanFactory(
        assessment=assessment,
        title=PAYLOAD,
        purpose=PAYLOAD,
        owner=user,
        status=ActionPlan.Status.APPROVED,
    )
    category = hostile_complaints(organisation)
    action = ActionFactory(
        plan=plan,
        title=PAYLOAD,
        description=PAYLOAD,
        success_measure=PAYLOAD,
        owner=user,
        status=Action.Status.IN_PROGRESS,
    )
    action.findings.add(finding)
    action.complaints.add(*Complaint.objects.all())
    action.complaint_categories.add(category)
    ProgressUpdateFactory(action=action, author=user, text=PAYLOAD)
    reviewed = ActionFactory(plan=plan, title=PAYLOAD, owner=user)
    ReviewFactory(
        action=reviewed,
        reviewer=user,
        outcome=EffectivenessReview.Outcome.PARTLY_EFFECTIVE,
        evidence=PAYLOAD,
        no_follow_up_reason=PAYLOAD,
    )
    evidence = EvidenceFactory(assessment=assessment, title=PAYLOAD, description=PAYLOAD)
    evidence.findings.add(finding)
    return {
        "user": user,
        "organisation": organisation,
        "assessment": assessment,
        "finding": finding,
        "plan": plan,
        "action": action,
        "complaint": Complaint.objects.get(reference=IMG),
        "evidence": evidence,
    }


def pages(h) -> list[str]:
    assessment, plan, action = h["assessment"], h["plan"], h["action"]
    statement = h["finding"].topic.statement
    return [
        reverse("dashboard"),
        # The pages of the reported defect: the help text lists complaint references.
        reverse("actions:action-create", args=[plan.pk]),
        reverse("actions:action-update", args=[action.pk]),
        reverse("actions:action-create", args=[plan.pk]) + f"?finding={h['finding'].pk}",
        reverse("actions:action-detail", args=[action.pk]),
        reverse("actions:action-list"),
        reverse("actions:plan-list"),
        reverse("actions:plan-detail", args=[plan.pk]),
        reverse("actions:plan-update", args=[plan.pk]),
        reverse("actions:unanswered-shortfalls"),
        reverse("actions:action-for-finding") + f"?finding={h['finding'].pk}&choose=1",
        reverse("actions:you-said-we-did", args=[h["organisation"].pk]),
        reverse("complaints:complaint-list"),
        reverse("complaints:complaint-detail", args=[h["complaint"].pk]),
        reverse("complaints:complaint-update", args=[h["complaint"].pk]),
        reverse("complaints:complaint-create"),
        # The annual report's SVG charts carry category names.
        reverse("complaints:complaints-report") + "?year=2023",
        reverse("findings:finding-list"),
        reverse("findings:finding-detail", args=[h["finding"].pk]),
        reverse("findings:finding-update", args=[h["finding"].pk]),
        reverse("findings:evidence-list", args=[assessment.pk]),
        reverse("findings:evidence-detail", args=[h["evidence"].pk]),
        reverse("findings:evidence-create", args=[assessment.pk]),
        reverse("findings:assessment-report", args=[assessment.pk]),
        reverse("assessment:assessment-list"),
        reverse("assessment:assessment-detail", args=[assessment.pk]),
        reverse("assessment:statement-detail", args=[assessment.pk, statement.slug]),
        reverse("assessment:organisation-list"),
        reverse("assessment:organisation-detail", args=[h["organisation"].pk]),
        reverse("assessment:organisation-compare", args=[h["organisation"].pk]),
    ]


def test_hostile_text_is_escaped_on_every_page(client, hostile):
    client.force_login(hostile["user"])
    for url in pages(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert not RAW.search(content), f"{url}: {RAW.search(content)[0]!r} unescaped"
        # The page does show the hostile text (escaped), so the check above is not vacuous.
        assert any(escaped in content for escaped in ESCAPED), url


def test_complaint_reference_help_text_is_escaped_on_the_action_form(client, hostile):
    client.force_login(hostile["user"])
    response = client.get(reverse("actions:action-create", args=[hostile["plan"].pk]))
    help_text = re.search(
        r'id="id_complaint_references_helptext"[^>]*>(.*?)</div>', response.content.decode()
    )
    assert help_text
    assert "&lt;img src=x onerror=alert(1)&gt;" in help_text[1]
    assert "&lt;script&gt;" in help_text[1]


def test_crispy_help_text_is_text_unless_built_as_html():
    """The one mechanism: help texts render escaped (templates/bootstrap5/layout/help_text.html);
    markup only through format_html."""

    class Form(forms.Form):
        plain = forms.CharField(help_text=PAYLOAD)
        built = forms.CharField(help_text=format_html("<b>{}</b>", PAYLOAD))

    html = render_crispy_form(Form())
    assert not RAW.search(html)
    assert html.count("&lt;img src=x onerror=alert(1)&gt;") == 2
    assert "<b>&lt;img" in html  # format_html's own markup is kept


def test_the_finding_conflict_diff_escapes_what_it_marks_safe():
    """marked_diff is one of the two mark_safe calls (the select renderer, the other, is pinned
    in test_form_renderer.py)."""
    before, after = marked_diff(f"{IMG} same", f"{SCRIPT} same")
    assert not RAW.search(before + after)
    assert "<del>&lt;img src=x" in before
    assert "<mark>&quot;&gt;&lt;script&gt;" in after


def test_hostile_text_echoed_in_form_errors_is_escaped(client, hostile):
    """A typed value comes back in an error message (and the error list at the form's top)."""
    client.force_login(hostile["user"])
    response = client.post(
        reverse("actions:action-create", args=[hostile["plan"].pk]),
        {"title": PAYLOAD, "complaint_references": f"{IMG}x, {SCRIPT}x"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "No complaint with reference" in content
    assert not RAW.search(content)
    assert "&lt;img src=x onerror=alert(1)&gt;x" in content

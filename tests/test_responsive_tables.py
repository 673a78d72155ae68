"""On a phone, a table scrolls inside its own box, never the page: every table of every page
sits directly in a `table-responsive` box. Each page here has tables (counted), so a page
that lost its tables fails rather than passing with none to check."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from actions.models import ActionPlan
from findings.services import findings as finding_services
from tests.actions.factories import (
    ActionFactory,
    ActionPlanFactory,
    ReviewFactory,
    ShortfallFindingFactory,
)
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

BOX = '<div class="table-responsive">'


def unboxed_tables(page: str) -> list[str]:
    """The opening of every table not directly inside a table-responsive box."""
    return [
        page[match.start() : match.start() + 80]
        for match in re.finditer(r"<table\b", page)
        if not page[: match.start()].rstrip().endswith(BOX)
    ]


@pytest.fixture
def world(cqc_framework, manager):
    finding = ShortfallFindingFactory()
    assessment = finding.topic.assessment
    plan = ActionPlanFactory(
        assessment=assessment, owner=manager, status=ActionPlan.Status.APPROVED
    )
    action = ActionFactory(plan=plan, owner=manager)
    action.findings.add(finding)
    ReviewFactory(action__plan=plan, action__owner=manager)
    ShortfallFindingFactory(topic=finding.topic)  # one that no action answers yet
    ComplaintFactory(organisation=assessment.organisation)
    return {"finding": finding, "assessment": assessment, "plan": plan, "action": action}


def pages(world):
    """(URL, how many tables the page shows)."""
    assessment, plan = world["assessment"], world["plan"]
    organisation = assessment.organisation_id
    return [
        (reverse("dashboard"), 6),
        (reverse("actions:my-actions"), 1),
        (reverse("actions:plan-list"), 1),
        (plan.get_absolute_url(), 1),
        (reverse("actions:unanswered-shortfalls"), 1),
        (reverse("assessment:assessment-list"), 1),
        (reverse("assessment:organisation-list"), 1),
        (reverse("assessment:organisation-detail", args=[organisation]), 2),
        (reverse("findings:finding-list"), 1),
        (reverse("findings:assessment-report", args=[assessment.pk]), 4),
        # The readiness table (per statement) and the self-assessment's gaps, when there are.
        (reverse("assessment:assessment-detail", args=[assessment.pk]), 1),
        (reverse("readiness:self-assessment", args=[assessment.pk]), 1),
        (reverse("readiness:metric-list", args=[organisation]), 1),
        # The learning report's summary (no review, brief or check in the year here).
        (reverse("learning:report", args=[organisation]), 1),
    ]


def test_every_table_scrolls_in_its_own_box(manager_client, world):
    for url, tables in pages(world):
        page = manager_client.get(url).content.decode()
        assert page.count("<table") == tables, url
        assert unboxed_tables(page) == [], url


def test_the_edit_conflict_table_scrolls_in_its_own_box(officer_client, manager, world):
    finding = world["finding"]
    url = reverse("findings:finding-update", args=[finding.pk])
    data = {
        "topic_title": finding.topic.title,
        "source": finding.source,
        "judgement": finding.judgement,
        "version": finding.version,
    }
    finding_services.update_finding(
        user=None,
        finding=finding,
        expected_version=finding.version,
        topic_title=finding.topic.title,
        text="Changed by someone else first.",
    )
    response = officer_client.post(url, {**data, "text": "My edit of the old version."})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert page.count("<table") == 1  # what the other person changed
    assert unboxed_tables(page) == []

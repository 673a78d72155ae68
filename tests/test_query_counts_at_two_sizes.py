"""Queries per page do not grow with the data: every main page is counted at two sizes.

The per-app tests pin each page's count with 50+ rows; this one proves the count is the same
with 3 rows of everything as with 40 (an N+1 anywhere would make them differ).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action, ActionPlan
from findings.models import EvidenceVersion
from readiness.models import Metric, MetricValue, SelfAssessmentEvidence, StatementSelfAssessment
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.assessment.factories import AssessmentFactory, OrganisationFactory, score_all
from tests.complaints.factories import ComplaintFactory
from tests.findings.factories import EvidenceFactory, FindingFactory, TopicFactory
from tests.notifications.factories import NotificationFactory
from tests.readiness.factories import value_for

pytestmark = pytest.mark.django_db


def pages(ctx) -> dict[str, str]:
    a, org = ctx["assessment"], ctx["organisation"]
    return {
        "dashboard": reverse("dashboard"),
        "assessment list": reverse("assessment:assessment-list"),
        "assessment detail": a.get_absolute_url(),
        "statement page": reverse("assessment:statement-detail", args=[a.pk, "safeguarding"]),
        "organisation detail": org.get_absolute_url(),
        "findings list": reverse("findings:finding-list"),
        "finding detail": ctx["finding"].get_absolute_url(),
        "evidence list": reverse("findings:evidence-list", args=[a.pk]),
        "evidence library": reverse("findings:evidence-library", args=[org.pk]),
        "evidence detail": ctx["evidence"].get_absolute_url(),
        "complaints list": reverse("complaints:complaint-list"),
        "complaint detail": ctx["complaint"].get_absolute_url(),
        "complaints report": reverse("complaints:complaints-report")
        + f"?organisation={org.pk}&year=2023",
        "assessment report": reverse("findings:assessment-report", args=[a.pk]),
        "plan list": reverse("actions:plan-list"),
        "plan detail": ctx["plan"].get_absolute_url(),
        "action list": reverse("actions:action-list"),
        "overdue actions": reverse("actions:overdue"),
        "action detail": ctx["action"].get_absolute_url(),
        "you said, we did": reverse("actions:you-said-we-did", args=[org.pk]),
        "self-assessment": reverse("readiness:self-assessment", args=[a.pk]),
        "metrics": reverse("readiness:metric-list", args=[org.pk]),
        "notifications": reverse("notifications:notification-list"),
        "assessing needs (metrics)": reverse(
            "assessment:statement-detail", args=[a.pk, "assessing-needs"]
        ),
        "learning briefs": reverse("learning:brief-list"),
        "learning brief": ctx["brief"].get_absolute_url(),
        "brief's reach": reverse("learning:brief-reach", args=[ctx["brief"].pk]),
        "safeguarding reviews": reverse("learning:review-list"),
        "safeguarding review": ctx["sar"].get_absolute_url(),
        "teams": reverse("learning:team-list"),
        "learning report": reverse("learning:report", args=[org.pk]),
    }


def grow(ctx, n: int) -> None:
    """Add n rows of everything the pages list."""
    a, org = ctx["assessment"], ctx["organisation"]
    findings = FindingFactory.create_batch(n, topic=ctx["topic"], judgement="shortfall")
    evidence = EvidenceFactory.create_batch(n, assessment=a)
    for item in evidence:
        item.findings.set(findings[:3])
    ctx["evidence"].findings.add(*findings)
    done = ctx["evidence"].versions.count()
    EvidenceVersion.objects.bulk_create(
        EvidenceVersion(
            evidence=ctx["evidence"],
            number=number,
            file=f"evidence/v{number}.txt",
            original_filename=f"v{number}.txt",
            content_type="text/plain",
            size=number,
        )
        for number in range(done + 1, done + n + 1)
    )
    ComplaintFactory.create_batch(n, organisation=org)
    actions = ActionFactory.create_batch(
        n, plan=ctx["plan"], due_date=datetime.date(2020, 1, 1), status=Action.Status.IN_PROGRESS
    )
    for action in actions:
        action.findings.set(findings[:2])
    ProgressUpdateFactory.create_batch(n, action=ctx["action"])
    NotificationFactory.create_batch(n, user=ctx["manager"], organisation=org)
    # The self-assessment's evidence links and a metric's values (one per year).
    own, _ = StatementSelfAssessment.objects.get_or_create(
        score_record=a.scores.get(statement__slug="safeguarding"), defaults={"score": 3}
    )
    SelfAssessmentEvidence.objects.bulk_create(
        SelfAssessmentEvidence(self_assessment=own, evidence=item) for item in evidence
    )
    metric = Metric.objects.in_order().first()
    first_year = 2024 - MetricValue.objects.filter(metric=metric).count()
    for year in range(first_year - n + 1, first_year + 1):
        value_for(org, metric, year, 50)
    grow_learning(ctx, n)


def grow_learning(ctx, n: int) -> None:
    """n more acknowledgements of the brief, briefs to the team, recommendations, teams."""
    from learning.models import Acknowledgement
    from tests.learning.factories import (
        BriefFactory,
        CheckFactory,
        RecommendationFactory,
        TeamFactory,
        acknowledge,
    )

    org, team, brief = ctx["organisation"], ctx["team"], ctx["brief"]
    done = Acknowledgement.objects.filter(brief=brief).values("person")
    for person in team.members.exclude(pk__in=done).order_by("pk")[:n]:
        acknowledge(brief, person)
    for _ in range(n):
        rec = RecommendationFactory(review=ctx["sar"])
        CheckFactory(
            brief=BriefFactory(organisation=org, recommendation=rec, teams=[team], published=True)
        )
        TeamFactory(organisation=org)


def _learning(organisation) -> dict:
    from tests.learning.factories import BriefFactory, ReviewFactory, team_of

    team = team_of(organisation, "Everyone", 45)
    sar = ReviewFactory(organisation=organisation)
    brief = BriefFactory(organisation=organisation, teams=[team], published=True)
    return {"team": team, "sar": sar, "brief": brief}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_every_page_runs_the_same_queries_with_3_and_with_40_rows(
    manager_client, manager, organisation, cqc_framework
):
    # the manager's own organisation (another's pages are 404s), and another's rows beside it
    other = OrganisationFactory(name="Northshire")
    ComplaintFactory.create_batch(3, organisation=other)
    assessment = AssessmentFactory(organisation=organisation)
    score_all(assessment, [3] * 9)
    topic = TopicFactory(
        assessment=assessment,
        statement=assessment.framework.statements.get(slug="safeguarding"),
    )
    plan = ActionPlanFactory(assessment=assessment, status=ActionPlan.Status.APPROVED)
    ctx = {
        "organisation": organisation,
        "assessment": assessment,
        "topic": topic,
        "plan": plan,
        "finding": FindingFactory(topic=topic),
        "complaint": ComplaintFactory(organisation=organisation),
        "action": ActionFactory(plan=plan),
        **_learning(organisation),
        "evidence": EvidenceFactory(assessment=assessment, review_date=datetime.date(2020, 1, 1)),
        "manager": manager,
    }
    grow(ctx, 3)
    small = {name: count_queries(manager_client, url) for name, url in pages(ctx).items()}
    grow(ctx, 37)
    large = {name: count_queries(manager_client, url) for name, url in pages(ctx).items()}
    assert large == small
    assert all(count >= 3 for count in small.values())  # session, user, and the page itself

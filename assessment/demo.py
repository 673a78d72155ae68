"""Demo data for the assessment app: two councils, each with an assessment partly scored, and
their users: `manager` and `officer` of the demo council, `officer2` of the second one (so the
second council's data is invisible to the first one's users), and `admin`, a superuser.

Every step is idempotent (get_or_create on natural keys) so `make run` can call it each time.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from assessment import services
from assessment.framework_loader import CQC_LOCAL_AUTHORITY_SLUG
from assessment.models import Assessment, Framework, Membership, Organisation, StatementScore
from assessment.roles import MANAGER, OFFICER

DEMO_ORGANISATION = "Demo Borough Council"
SECOND_ORGANISATION = "Demo City Council"
DEMO_ASSESSMENT = "Adult social care assessment 2024"
SECOND_ASSESSMENT = "Adult social care assessment 2025"

# (username, first name, last name, role, organisation; None, None for the superuser)
DEMO_USERS = [
    ("admin", "Alex", "Admin", None, None),
    ("manager", "Morgan", "Manager", MANAGER, DEMO_ORGANISATION),
    ("officer", "Olu", "Officer", OFFICER, DEMO_ORGANISATION),
    ("officer2", "Sam", "Second", OFFICER, SECOND_ORGANISATION),
]

DEMO_SCORES = {
    "assessing-needs": (3, "People's needs were assessed in a timely way, with some delays."),
    "supporting-healthier-lives": (3, ""),
    "partnerships-and-communities": (3, ""),
    "safeguarding": (2, "Learning from safeguarding reviews was not monitored for its effect."),
    "learning-improvement-innovation": (2, ""),
}
SECOND_SCORES = {
    "assessing-needs": (2, "Waiting lists for assessments were long."),
    "safeguarding": (3, ""),
    "governance-management-sustainability": (3, ""),
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str  # in words: "officer, Demo Borough Council" or "administrator"


def demo_organisation(name: str = DEMO_ORGANISATION) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name,
        defaults={"kind": Organisation.Kind.LOCAL_AUTHORITY, "region": "Demo region"},
    )
    return organisation


def create_demo_users() -> list[DemoLogin]:
    """Create the demo users that do not exist yet, members of their council in their role;
    return their logins."""
    user_model = get_user_model()
    created = []
    for username, first, last, role, council in DEMO_USERS:
        if user_model.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(9)
        user = user_model.objects.create_user(
            username=username,
            password=password,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            is_staff=role is None,
            is_superuser=role is None,
        )
        if role:
            Membership.objects.create(user=user, organisation=demo_organisation(council), role=role)
        created.append(
            DemoLogin(username, password, f"{role}, {council}" if role else "administrator")
        )
    return created


def create_demo_assessment(
    name: str = DEMO_ORGANISATION,
    *,
    title: str = DEMO_ASSESSMENT,
    scores: dict = DEMO_SCORES,
    lead: str = "officer",
    start: datetime.date = datetime.date(2024, 3, 4),
) -> Assessment:
    """The council's demo assessment, partly scored on purpose (the overall result shows as
    provisional); made once."""
    organisation = demo_organisation(name)
    framework = Framework.objects.get(slug=CQC_LOCAL_AUTHORITY_SLUG)
    assessment = Assessment.objects.filter(organisation=organisation, title=title).first()
    if assessment is not None:
        return assessment
    assessment = services.create_assessment(
        assessment=Assessment(
            organisation=organisation,
            framework=framework,
            title=title,
            status=Assessment.Status.IN_PROGRESS,
            start_date=start,
            end_date=start + datetime.timedelta(days=74),
            lead=get_user_model().objects.filter(username=lead).first(),
        ),
        user=None,
    )
    records = StatementScore.objects.filter(assessment=assessment).select_related("statement")
    for record in records:
        if record.statement.slug in scores:
            score, summary = scores[record.statement.slug]
            services.set_statement_score(
                score_record=record, score=score, summary=summary, user=None
            )
    return assessment


def create_second_council_assessment() -> Assessment:
    """The second council's assessment: what `officer2` sees and `officer` never does."""
    return create_demo_assessment(
        SECOND_ORGANISATION,
        title=SECOND_ASSESSMENT,
        scores=SECOND_SCORES,
        lead="officer2",
        start=datetime.date(2025, 2, 3),
    )

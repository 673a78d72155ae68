"""Demo data for the assessment app: one council, one assessment with a few scores, three users.

Every step is idempotent (get_or_create on natural keys) so `make run` can call it each time.
"""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth import get_user_model

from assessment import services
from assessment.framework_loader import CQC_LOCAL_AUTHORITY_SLUG
from assessment.models import Assessment, Framework, Membership, Organisation, StatementScore
from assessment.roles import MANAGER, OFFICER

DEMO_ORGANISATION = "Demo Borough Council"
DEMO_ASSESSMENT = "Adult social care assessment 2024"

# (username, first name, last name, role in the demo council, or None for the superuser)
DEMO_USERS = [
    ("admin", "Alex", "Admin", None),
    ("manager", "Morgan", "Manager", MANAGER),
    ("officer", "Olu", "Officer", OFFICER),
]

DEMO_SCORES = {
    "assessing-needs": (3, "People's needs were assessed in a timely way, with some delays."),
    "supporting-healthier-lives": (3, ""),
    "partnerships-and-communities": (3, ""),
    "safeguarding": (2, "Learning from safeguarding reviews was not monitored for its effect."),
    "learning-improvement-innovation": (2, ""),
}


def demo_organisation() -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=DEMO_ORGANISATION,
        defaults={"kind": Organisation.Kind.LOCAL_AUTHORITY, "region": "Demo region"},
    )
    return organisation


def create_demo_users() -> dict[str, str]:
    """Create the demo users that do not exist yet, members of the demo council in their role;
    return {username: password} for those."""
    user_model = get_user_model()
    created = {}
    for username, first, last, role in DEMO_USERS:
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
            Membership.objects.create(user=user, organisation=demo_organisation(), role=role)
        created[username] = password
    return created


def create_demo_assessment() -> Assessment:
    organisation = demo_organisation()
    framework = Framework.objects.get(slug=CQC_LOCAL_AUTHORITY_SLUG)
    assessment = Assessment.objects.filter(organisation=organisation, title=DEMO_ASSESSMENT).first()
    if assessment is None:
        assessment = services.create_assessment(
            assessment=Assessment(
                organisation=organisation,
                framework=framework,
                title=DEMO_ASSESSMENT,
                # Partly scored on purpose: the overall result shows as provisional.
                status=Assessment.Status.IN_PROGRESS,
                start_date=datetime.date(2024, 3, 4),
                end_date=datetime.date(2024, 5, 17),
                lead=get_user_model().objects.filter(username="officer").first(),
            ),
            user=None,
        )
        for record in StatementScore.objects.filter(assessment=assessment).select_related(
            "statement"
        ):
            if record.statement.slug in DEMO_SCORES:
                score, summary = DEMO_SCORES[record.statement.slug]
                services.set_statement_score(
                    score_record=record, score=score, summary=summary, user=None
                )
    return assessment

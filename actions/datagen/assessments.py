"""Councils, their users, assessments, scores, topics and findings."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from actions.datagen.bulk import insert
from actions.datagen.run import Run
from actions.datagen.scales import OPENINGS, PREFIX, SUBJECTS
from assessment.models import Assessment, Membership, Organisation, StatementScore
from assessment.roles import MANAGER, OFFICER, VIEWER
from findings.models import Finding, Topic

# A viewer of every generated council: benchmarks log in as it to read national-size lists.
NATIONAL_VIEWER = "national-viewer"


def organisations(run: Run) -> None:
    run.organisations = Organisation.objects.bulk_create(
        Organisation(name=f"{PREFIX} council {n:03d}", region=f"Region {n % 9 + 1}")
        for n in range(1, run.scale.councils + 1)
    )
    run.counts["organisations"] = len(run.organisations)


def users(run: Run) -> None:
    """A few users per council, each a member of that council: one in four a manager, the
    rest officers."""
    per_council = run.scale.users_per_council
    user_model = get_user_model()
    made = user_model.objects.bulk_create(
        user_model(
            username=f"gen-{org.pk}-{i}",
            first_name=f"User{i}",
            last_name=f"Council{org.pk}",
            password=make_password(None),
        )
        for org in run.organisations
        for i in range(per_council)
    )
    run.users_by_org = {
        org.pk: made[i * per_council : (i + 1) * per_council]
        for i, org in enumerate(run.organisations)
    }
    Membership.objects.bulk_create(
        Membership(user=u, organisation_id=org_id, role=MANAGER if i % 4 == 0 else OFFICER)
        for org_id, members in run.users_by_org.items()
        for i, u in enumerate(members)
    )
    run.counts["users"] = len(made)
    viewers(run)


def viewers(run: Run) -> None:
    """Viewers across councils, as regional improvement leads are: `viewer-region-N`, a viewer
    of every council of region N, and `national-viewer`, a viewer of every council."""
    user_model = get_user_model()
    regions: dict[str, list] = {}
    for org in run.organisations:
        regions.setdefault(org.region, []).append(org)
    spans = {f"viewer-{region.lower().replace(' ', '-')}": orgs for region, orgs in regions.items()}
    spans[NATIONAL_VIEWER] = run.organisations
    made = user_model.objects.bulk_create(
        user_model(
            username=username,
            first_name="Viewer",
            last_name=username.removeprefix("viewer-").replace("-", " ").capitalize(),
            password=make_password(None),
        )
        for username in spans
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=org, role=VIEWER)
        for user in made
        for org in spans[user.username]
    )
    run.counts["viewers"] = len(made)


def assessments(run: Run) -> None:
    """Each council's assessments (all published but the latest), with every statement
    scored."""
    per_council = run.scale.assessments_per_council
    run.assessments = Assessment.objects.bulk_create(
        Assessment(
            organisation=org,
            framework=run.framework,
            title=f"Adult social care {2023 + a}",
            status=Assessment.Status.PUBLISHED
            if a < per_council - 1
            else Assessment.Status.IN_PROGRESS,
            start_date=datetime.date(2023 + a, 3, 1),
            end_date=datetime.date(2023 + a, 5, 1),
        )
        for org in run.organisations
        for a in range(per_council)
    )
    run.counts["assessments"] = len(run.assessments)
    StatementScore.objects.bulk_create(
        StatementScore(assessment=a, statement=s, score=run.rng.choice((1, 2, 2, 3, 3, 3, 4)))
        for a in run.assessments
        for s in run.statements
    )
    run.counts["statement scores"] = len(run.assessments) * len(run.statements)


def topics(run: Run) -> None:
    """Up to three of each statement's usual headings per assessment."""
    made = Topic.objects.bulk_create(
        Topic(assessment=a, statement=s, title=title, order=order)
        for a in run.assessments
        for s in run.statements
        for order, title in enumerate(s.topic_headings[:3] or ["Key findings"])
    )
    run.counts["topics"] = len(made)
    for topic in made:
        run.topics_by_key.setdefault((topic.assessment_id, topic.statement_id), []).append(topic)


def findings(run: Run) -> None:
    rng = run.rng

    def rows():
        for a in run.assessments:
            for s in run.statements:
                mine = run.topics_by_key[(a.pk, s.pk)]
                for n in range(run.scale.findings_per_statement):
                    source, opening = rng.choice(OPENINGS)
                    first, second = rng.choice(SUBJECTS), rng.choice(SUBJECTS)
                    yield Finding(
                        topic=mine[n % len(mine)],
                        order=n,
                        text=f"{opening} {first}. {second.capitalize()}.",
                        source=source,
                        judgement=rng.choice(
                            ("strength", "shortfall", "shortfall", "mixed", "not_reviewed")
                        ),
                    )

    total = len(run.assessments) * len(run.statements) * run.scale.findings_per_statement
    run.timings["findings"] = insert("findings", Finding, total, rows(), run.out)
    run.counts["findings"] = total

"""Realistic data at scale, for benchmarks: councils, assessments, findings, complaints, plans.

Everything is written with bulk inserts in batches (no per-row saves, no history rows), from a
seeded random generator so two runs give the same data. `national` is every council in England
at once; `small` is for tests.
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from actions.models import (
    Action,
    ActionPlan,
    ActionStatusSnapshot,
    EffectivenessReview,
    ProgressUpdate,
)
from assessment.models import Assessment, Framework, Organisation, StatementScore
from assessment.roles import MANAGER, OFFICER
from complaints.bank_holidays import ensure_years
from complaints.models import Complaint, ComplaintCategory, ServiceArea
from findings.models import Finding, Topic

PREFIX = "Generated"


@dataclass(frozen=True)
class Scale:
    councils: int
    assessments_per_council: int
    findings_per_statement: int
    complaints: int
    complaint_years: int
    plans: int
    actions: int
    updates: int
    users_per_council: int


SCALES = {
    # About ten rows of everything: the benchmark counts each page's queries here and at
    # national scale, to show that the number does not grow with the data.
    "tiny": Scale(
        councils=1,
        assessments_per_council=1,
        findings_per_statement=1,
        complaints=10,
        complaint_years=1,
        plans=2,
        actions=10,
        updates=10,
        users_per_council=2,
    ),
    "small": Scale(
        councils=3,
        assessments_per_council=2,
        findings_per_statement=4,
        complaints=600,
        complaint_years=3,
        plans=6,
        actions=60,
        updates=150,
        users_per_council=3,
    ),
    "national": Scale(
        councils=153,
        assessments_per_council=3,
        findings_per_statement=50,
        complaints=1_000_000,
        complaint_years=10,
        plans=20_000,
        actions=100_000,
        updates=300_000,
        users_per_council=4,
    ),
}

BATCH = 5000

CATEGORIES = [
    "Poor or lack of communication",
    "Delay in service",
    "Staff conduct or behaviour",
    "Quality of care",
    "Charging and financial assessment",
    "Assessment or care plan decision",
    "Safeguarding process",
    "Other",
]
SERVICE_AREAS = [
    "Community support",
    "Hospital discharge and reablement",
    "Learning disability services",
    "Mental health services",
    "Financial assessment team",
    "Occupational therapy",
    "Safeguarding team",
]
OPENINGS = [
    ("staff", "Staff told us"),
    ("partners", "Partners told us"),
    ("people", "People told us"),
    ("providers", "Providers told us"),
    ("leaders", "Senior leaders told us"),
    ("data", "Data showed that"),
]
SUBJECTS = [
    "waiting times for assessments had fallen over the last year",
    "learning from safeguarding reviews was not checked for its effect on practice",
    "carers were not told what changed after they gave feedback",
    "joint working with health partners had improved hospital discharge",
    "information and advice were hard to find for people who do not use the internet",
    "reviews of care plans were often overdue",
    "direct payments gave people more choice and control",
    "staff felt supported by regular supervision and reflective practice",
]
ACTION_TITLES = [
    "Track each safeguarding review recommendation to completion",
    "Publish a 'You said, we did' summary after every carers forum",
    "Reduce the assessment waiting list",
    "Train front line teams on complaint learning",
    "Review overdue care plans",
    "Improve information for people who are not online",
]


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label: str, total: int, out=sys.stderr):
        self.label, self.total, self.out = label, total, out
        self.done = 0
        self.started = time.perf_counter()

    def advance(self, n: int) -> None:
        self.done += n
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        elapsed = time.perf_counter() - self.started
        self.out.write(
            f"\r{self.label:<18} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:>10,}/{self.total:,} {elapsed:6.1f}s"
        )
        self.out.flush()

    def finish(self) -> float:
        self.out.write("\n")
        return time.perf_counter() - self.started


def _batched(items: Iterable, size: int = BATCH) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(label: str, model, total: int, rows: Iterable, out) -> float:
    progress = Progress(label, total, out)
    for batch in _batched(rows):
        model.objects.bulk_create(batch, batch_size=BATCH)
        progress.advance(len(batch))
    return progress.finish()


def already_generated() -> bool:
    return Organisation.objects.filter(name__startswith=PREFIX).exists()


def generate(scale_name: str, *, seed: int = 2024, out=sys.stderr, log: Callable = print):
    """Fill the database. Returns {table: rows written} for the summary."""
    scale = SCALES[scale_name]
    rng = random.Random(seed)
    today = timezone.localdate()
    framework = Framework.objects.get(slug="cqc-local-authority")
    statements = list(framework.statements.order_by("order"))
    counts: dict[str, int] = {}
    timings: dict[str, float] = {}

    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"{PREFIX} council {n:03d}", region=f"Region {n % 9 + 1}")
            for n in range(1, scale.councils + 1)
        )
        counts["organisations"] = len(organisations)

        users = get_user_model().objects.bulk_create(
            get_user_model()(
                username=f"gen-{org.pk}-{i}",
                first_name=f"User{i}",
                last_name=f"Council{org.pk}",
                password=make_password(None),
            )
            for org in organisations
            for i in range(scale.users_per_council)
        )
        officer, manager = Group.objects.get(name=OFFICER), Group.objects.get(name=MANAGER)
        memberships = get_user_model().groups.through
        memberships.objects.bulk_create(
            memberships(user_id=u.pk, group_id=(manager if i % 4 == 0 else officer).pk)
            for i, u in enumerate(users)
        )
        users_by_org = {
            org.pk: users[i * scale.users_per_council : (i + 1) * scale.users_per_council]
            for i, org in enumerate(organisations)
        }
        counts["users"] = len(users)

        assessments = Assessment.objects.bulk_create(
            Assessment(
                organisation=org,
                framework=framework,
                title=f"Adult social care {2023 + a}",
                status=Assessment.Status.PUBLISHED
                if a < scale.assessments_per_council - 1
                else Assessment.Status.IN_PROGRESS,
                start_date=datetime.date(2023 + a, 3, 1),
                end_date=datetime.date(2023 + a, 5, 1),
            )
            for org in organisations
            for a in range(scale.assessments_per_council)
        )
        counts["assessments"] = len(assessments)
        StatementScore.objects.bulk_create(
            StatementScore(assessment=a, statement=s, score=rng.choice((1, 2, 2, 3, 3, 3, 4)))
            for a in assessments
            for s in statements
        )
        counts["statement scores"] = len(assessments) * len(statements)

        topics = Topic.objects.bulk_create(
            Topic(assessment=a, statement=s, title=title, order=order)
            for a in assessments
            for s in statements
            for order, title in enumerate(s.topic_headings[:3] or ["Key findings"])
        )
        counts["topics"] = len(topics)
        topics_by_key: dict[tuple[int, int], list[Topic]] = {}
        for topic in topics:
            topics_by_key.setdefault((topic.assessment_id, topic.statement_id), []).append(topic)

        def findings():
            for a in assessments:
                for s in statements:
                    mine = topics_by_key[(a.pk, s.pk)]
                    for n in range(scale.findings_per_statement):
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

        total_findings = len(assessments) * len(statements) * scale.findings_per_statement
        timings["findings"] = _insert("findings", Finding, total_findings, findings(), out)
        counts["findings"] = total_findings

        categories = ComplaintCategory.objects.bulk_create(
            ComplaintCategory(organisation=org, name=name)
            for org in organisations
            for name in CATEGORIES
        )
        areas = ServiceArea.objects.bulk_create(
            ServiceArea(organisation=org, name=name)
            for org in organisations
            for name in SERVICE_AREAS
        )
        categories_by_org = _group(categories)
        areas_by_org = _group(areas)

        first_day = today - datetime.timedelta(days=365 * scale.complaint_years)
        span = (today - first_day).days

        def complaints():
            for n in range(scale.complaints):
                org = organisations[n % len(organisations)]
                received = first_day + datetime.timedelta(days=rng.randrange(span))
                acknowledged = received + datetime.timedelta(days=rng.choice((0, 1, 2, 3, 4, 6)))
                due = received + datetime.timedelta(days=rng.choice((20, 28, 40, 60)))
                open_ = received > today - datetime.timedelta(days=45) and rng.random() < 0.6
                responded = (
                    None if open_ else received + datetime.timedelta(days=rng.randrange(5, 90))
                )
                outcome = (
                    ""
                    if open_
                    else rng.choice(
                        ("upheld", "partly_upheld", "not_upheld", "not_upheld", "withdrawn")
                    )
                )
                lgsco = rng.random()
                yield Complaint(
                    organisation=org,
                    reference=f"C{n:07d}",
                    date_received=received,
                    date_acknowledged=min(acknowledged, today),
                    response_due=due,
                    date_responded=min(responded, today) if responded else None,
                    relationship=rng.choice(Complaint.Relationship.values),
                    service_area=rng.choice(areas_by_org[org.pk]),
                    category=rng.choice(categories_by_org[org.pk]),
                    procedure=Complaint.Procedure.STATUTORY,
                    status=Complaint.Status.OPEN if open_ else Complaint.Status.CLOSED,
                    outcome=outcome,
                    summary="Complaint about the service received.",
                    lgsco_status="decided"
                    if lgsco < 0.01
                    else "referred"
                    if lgsco < 0.02
                    else "none",
                    lgsco_decision="upheld"
                    if lgsco < 0.004
                    else "not_upheld"
                    if lgsco < 0.01
                    else "",
                )

        ensure_years(range(first_day.year, today.year + 1))
        timings["complaints"] = _insert(
            "complaints", Complaint, scale.complaints, complaints(), out
        )
        counts["complaints"] = scale.complaints

        assessments_by_org = _group(assessments)
        plan_statuses = ("draft", "submitted", "approved", "approved", "approved", "closed")

        def plans():
            for n in range(scale.plans):
                org = organisations[n % len(organisations)]
                yield ActionPlan(
                    organisation=org,
                    assessment=rng.choice(assessments_by_org[org.pk]),
                    title=f"Improvement plan {n + 1}",
                    purpose="Answer the assessment's shortfalls.",
                    owner=users_by_org[org.pk][0],
                    status=rng.choice(plan_statuses),
                )

        timings["action plans"] = _insert("action plans", ActionPlan, scale.plans, plans(), out)
        counts["action plans"] = scale.plans
        plan_rows = list(
            ActionPlan.objects.filter(organisation__in=organisations).values_list(
                "pk", "organisation_id", "status"
            )
        )

        def actions():
            for n in range(scale.actions):
                plan_id, org_id, plan_status = plan_rows[n % len(plan_rows)]
                status = (
                    "complete"
                    if plan_status == "closed"
                    else rng.choice(
                        ("not_started", "in_progress", "in_progress", "blocked", "complete")
                    )
                )
                due = today + datetime.timedelta(days=rng.randrange(-120, 240))
                yield Action(
                    plan_id=plan_id,
                    title=rng.choice(ACTION_TITLES),
                    owner=rng.choice(users_by_org[org_id]),
                    due_date=due,
                    status=status,
                    percent_complete=100 if status == "complete" else rng.choice((0, 25, 50, 75)),
                    completed_on=min(due, today) if status == "complete" else None,
                    success_measure="Fewer repeat complaints on the same subject.",
                )

        timings["actions"] = _insert("actions", Action, scale.actions, actions(), out)
        counts["actions"] = scale.actions
        action_rows = list(
            Action.objects.filter(plan__organisation__in=organisations).values_list(
                "pk", "owner_id", "status", "plan__assessment_id"
            )
        )

        findings_by_assessment: dict[int, list[int]] = {}
        for finding_id, assessment_id in (
            Finding.objects.filter(topic__assessment__in=assessments, judgement="shortfall")
            .values_list("pk", "topic__assessment_id")
            .iterator(chunk_size=BATCH)
        ):
            findings_by_assessment.setdefault(assessment_id, []).append(finding_id)
        links = Action.findings.through

        def finding_links():
            for action_id, _, _, assessment_id in action_rows:
                pool = findings_by_assessment.get(assessment_id)
                if pool:
                    yield links(action_id=action_id, finding_id=rng.choice(pool))

        timings["action findings"] = _insert(
            "action findings", links, len(action_rows), finding_links(), out
        )

        def updates():
            for n in range(scale.updates):
                action_id, owner_id, status, _ = action_rows[n % len(action_rows)]
                yield ProgressUpdate(
                    action_id=action_id,
                    author_id=owner_id,
                    date=today - datetime.timedelta(days=rng.randrange(0, 200)),
                    text="Progress made this month; next steps agreed with the team.",
                    percent=rng.choice((10, 25, 50, 75, 100)),
                )

        timings["progress updates"] = _insert(
            "progress updates", ProgressUpdate, scale.updates, updates(), out
        )
        counts["progress updates"] = scale.updates

        reviewer = {org.pk: users_by_org[org.pk][0].pk for org in organisations}
        plan_org = {pk: org for pk, org, _ in plan_rows}
        completed = [
            (pk, plan_id)
            for pk, plan_id in Action.objects.filter(
                plan__organisation__in=organisations, status="complete"
            ).values_list("pk", "plan_id")
        ]

        def reviews():
            for n, (action_id, plan_id) in enumerate(completed):
                if n % 2:
                    continue  # half the completed actions are reviewed
                yield EffectivenessReview(
                    action_id=action_id,
                    reviewer_id=reviewer[plan_org[plan_id]],
                    date=today,
                    outcome=rng.choice(
                        ("effective", "effective", "partly_effective", "not_effective")
                    ),
                    evidence="Repeat complaints on this subject fell.",
                )

        timings["effectiveness reviews"] = _insert(
            "reviews", EffectivenessReview, (len(completed) + 1) // 2, reviews(), out
        )
        counts["effectiveness reviews"] = (len(completed) + 1) // 2
        # The chart's recorded history predates these back-dated actions: count it again.
        ActionStatusSnapshot.objects.all().delete()
    return counts, timings


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL), so it picks the indexes."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM too when it can run (never inside a transaction): its visibility map lets
            # counts use index-only scans.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def _group(rows) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.organisation_id, []).append(row)
    return grouped

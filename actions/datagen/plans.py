"""Action plans, their actions (each answering a shortfall), progress and reviews."""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from actions.datagen.bulk import insert
from actions.datagen.run import Run, by_organisation
from actions.datagen.scales import ACTION_TITLES, BATCH
from actions.models import Action, ActionPlan, EffectivenessReview, ProgressUpdate
from findings.models import Finding

PLAN_STATUSES = ("draft", "submitted", "approved", "approved", "approved", "closed")
ACTION_STATUSES = ("not_started", "in_progress", "in_progress", "blocked", "complete")


def plans(run: Run) -> None:
    assessments_by_org = by_organisation(run.assessments)

    def rows():
        for n in range(run.scale.plans):
            org = run.organisations[n % len(run.organisations)]
            yield ActionPlan(
                organisation=org,
                assessment=run.rng.choice(assessments_by_org[org.pk]),
                title=f"Improvement plan {n + 1}",
                purpose="Answer the assessment's shortfalls.",
                owner=run.users_by_org[org.pk][0],
                status=run.rng.choice(PLAN_STATUSES),
            )

    run.timings["action plans"] = insert(
        "action plans", ActionPlan, run.scale.plans, rows(), run.out
    )
    run.counts["action plans"] = run.scale.plans
    run.plan_rows = list(
        ActionPlan.objects.filter(organisation__in=run.organisations).values_list(
            "pk", "organisation_id", "status"
        )
    )


def actions(run: Run) -> None:
    """Actions in every status (all complete in closed plans), due from 4 months ago to 8
    months ahead."""
    rng, today = run.rng, run.today

    def rows():
        for n in range(run.scale.actions):
            plan_id, org_id, plan_status = run.plan_rows[n % len(run.plan_rows)]
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
                owner=rng.choice(run.users_by_org[org_id]),
                due_date=due,
                status=status,
                percent_complete=100 if status == "complete" else rng.choice((0, 25, 50, 75)),
                completed_on=min(due, today) if status == "complete" else None,
                success_measure="Fewer repeat complaints on the same subject.",
            )

    run.timings["actions"] = insert("actions", Action, run.scale.actions, rows(), run.out)
    run.counts["actions"] = run.scale.actions
    run.action_rows = list(
        Action.objects.filter(plan__organisation__in=run.organisations).values_list(
            "pk", "owner_id", "status", "plan__assessment_id"
        )
    )


def action_findings(run: Run) -> None:
    """Each action answers one shortfall finding of its plan's assessment."""
    shortfalls: dict[int, list[int]] = {}
    for finding_id, assessment_id in (
        Finding.objects.filter(topic__assessment__in=run.assessments, judgement="shortfall")
        .values_list("pk", "topic__assessment_id")
        .iterator(chunk_size=BATCH)
    ):
        shortfalls.setdefault(assessment_id, []).append(finding_id)
    links = Action.findings.through

    def rows():
        for action_id, _, _, assessment_id in run.action_rows:
            pool = shortfalls.get(assessment_id)
            if pool:
                yield links(action_id=action_id, finding_id=run.rng.choice(pool))

    run.timings["action findings"] = insert(
        "action findings", links, len(run.action_rows), rows(), run.out
    )


def progress_updates(run: Run) -> None:
    def rows():
        for n in range(run.scale.updates):
            action_id, owner_id, _, _ = run.action_rows[n % len(run.action_rows)]
            yield ProgressUpdate(
                action_id=action_id,
                author_id=owner_id,
                date=run.today - datetime.timedelta(days=run.rng.randrange(0, 200)),
                text="Progress made this month; next steps agreed with the team.",
                percent=run.rng.choice((10, 25, 50, 75, 100)),
            )

    run.timings["progress updates"] = insert(
        "progress updates", ProgressUpdate, run.scale.updates, rows(), run.out
    )
    run.counts["progress updates"] = run.scale.updates


def reviews(run: Run) -> None:
    """Half the completed actions are reviewed, by their council's first user."""
    reviewer = {org.pk: run.users_by_org[org.pk][0].pk for org in run.organisations}
    plan_org = {pk: org for pk, org, _ in run.plan_rows}
    completed = list(
        Action.objects.filter(
            plan__organisation__in=run.organisations, status="complete"
        ).values_list("pk", "plan_id")
    )

    def rows():
        for n, (action_id, plan_id) in enumerate(completed):
            if n % 2:
                continue
            yield EffectivenessReview(
                action_id=action_id,
                reviewer_id=reviewer[plan_org[plan_id]],
                date=run.today,
                outcome=run.rng.choice(
                    ("effective", "effective", "partly_effective", "not_effective")
                ),
                evidence="Repeat complaints on this subject fell.",
            )

    total = (len(completed) + 1) // 2
    run.timings["effectiveness reviews"] = insert(
        "reviews", EffectivenessReview, total, rows(), run.out
    )
    run.counts["effectiveness reviews"] = total
    # A review follows the manager's check that the action was done: by the reviewer.
    reviewed = EffectivenessReview.objects.filter(action=OuterRef("pk"))
    Action.objects.filter(plan__organisation__in=run.organisations, review__isnull=False).update(
        verified_at=timezone.now(),
        verified_by_id=Subquery(reviewed.values("reviewer_id")[:1]),
    )

"""Demo data for action plans: an approved plan answering the seed report's shortfalls.

It answers what the inspectors criticised: learning from safeguarding was not monitored for
its effect, carers never heard the outcome of the carers forum, and the complaints report's
improvement plan. Its actions are in every status, some overdue, some reviewed (one "partly
effective", with its follow-up). Dates are relative to the day it is loaded so "overdue"
stays true. Idempotent: nothing is added if the plan already exists.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from actions import services
from actions.models import Action, ActionPlan, EffectivenessReview, PlanTransition, ProgressUpdate
from complaints.models import ComplaintCategory
from complaints.models.clock import financial_year_label, financial_year_of
from findings.models import Finding

DEMO_PLAN = "Learning and feedback improvement plan"


def demo_plan_title(today: datetime.date) -> str:
    """The plan's title names the financial year its actions fall in (dates follow today)."""
    return f"{DEMO_PLAN} {financial_year_label(financial_year_of(today))}"


# Snippets of the seed report's findings that the plan answers.
SAFEGUARDING = "lack of monitoring of whether learning from safeguarding"
CARERS = "not aware of any feedback on outcomes"
COMPLAINTS = "improvement plan in response to the complaints report"
SAR_SHARING = "learning from SARs were shared"
REFERRAL_OUTCOMES = "outcome to safeguarding referrals"


@dataclass
class DemoAction:
    key: str
    title: str
    owner: str
    due: int  # days from today
    status: str
    success: str
    findings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    created: int = -120  # days from today
    updates: list[tuple[int, str, str, int | None]] = field(default_factory=list)
    completed: int | None = None
    review: tuple[str, str] | None = None
    follow_up_of: str | None = None
    priority: int = Action.Priority.MEDIUM


S = Action.Status
O = EffectivenessReview.Outcome  # noqa: E741

DEMO_ACTIONS = [
    DemoAction(
        "assurance",
        "Set up a safeguarding learning assurance group that tracks each SAR recommendation",
        "manager",
        due=-60,
        status=S.COMPLETE,
        priority=Action.Priority.HIGH,
        success="Every SAR recommendation has an owner and a check, 3 and 6 months on, of "
        "whether practice changed.",
        findings=[SAFEGUARDING],
        created=-150,
        updates=[
            (-120, "Terms of reference agreed with the Safeguarding Board.", S.IN_PROGRESS, 40),
            (-70, "Group met twice; tracker of 14 SAR recommendations in use.", "", 80),
            (-62, "Tracker live and reported quarterly to the board; first 3-month checks done.",
             S.COMPLETE, None),
        ],
        completed=-62,
        review=(
            O.PARTLY_EFFECTIVE,
            "Checks show 9 of 14 recommendations embedded; partner organisations' implementation "
            "is still not checked by the council.",
        ),
    ),
    DemoAction(
        "partner-audit",
        "Audit partner organisations' implementation of SAR learning, six months on",
        "officer",
        due=9,
        status=S.IN_PROGRESS,
        priority=Action.Priority.HIGH,
        success="Audit covers all statutory partners; gaps fed back to the board with dates.",
        findings=[SAFEGUARDING],
        created=-55,
        updates=[(-20, "Audit tool agreed with health and police partners.", S.IN_PROGRESS, 35)],
        follow_up_of="assurance",
    ),
    DemoAction(
        "carers",
        "Publish a 'You said, we did' bulletin after every carers forum",
        "officer",
        due=-40,  # completed 5 days late: green, with "completed late (5 days)"
        status=S.COMPLETE,
        success="Carers and providers at the next forum say they heard what changed.",
        findings=[CARERS],
        created=-140,
        updates=[
            (-90, "First bulletin drafted with the carers' centre.", S.IN_PROGRESS, 50),
            (-35, "Bulletin sent to 412 carers and 60 providers; on the council website.",
             S.COMPLETE, None),
        ],
        completed=-35,
        review=(
            O.EFFECTIVE,
            "Forum survey: 78% of carers knew what had changed (was 21%); providers confirmed.",
        ),
    ),
    DemoAction(
        "complaints-plan",
        "Report progress on the complaints improvement plan to the board every quarter",
        "manager",
        due=-12,
        status=S.IN_PROGRESS,
        success="Each quarterly report shows the top three complaint categories falling.",
        findings=[COMPLAINTS],
        categories=["Poor or lack of communication", "Delay in service"],
        created=-100,
        updates=[(-40, "Q1 report drafted; Q2 data not yet available.", S.IN_PROGRESS, 50)],
    ),
    DemoAction(
        "communication",
        "Train community support staff on keeping people informed while they wait",
        "officer",
        due=45,
        status=S.NOT_STARTED,
        success="Complaints about poor communication fall by a third within a year.",
        findings=[COMPLAINTS],
        categories=["Poor or lack of communication"],
        created=-20,
    ),
    DemoAction(
        "referral-outcomes",
        "Tell providers the outcome of their safeguarding referrals within 10 working days",
        "officer",
        due=20,
        status=S.BLOCKED,
        success="Provider survey: 90% hear the outcome within 10 working days.",
        findings=[REFERRAL_OUTCOMES],
        created=-80,
        updates=[
            (-50, "Started mapping the referral workflow.", S.IN_PROGRESS, 20),
            (-10, "Blocked: the case system cannot send outcome letters until its upgrade.",
             S.BLOCKED, None),
        ],
    ),
    DemoAction(
        "sar-sharing",
        "Brief every frontline team on SAR learning and how complaints are collated",
        "officer",
        due=-4,
        status=S.NOT_STARTED,
        success="Staff survey: 80% know where SAR learning is published and how it is used.",
        findings=[SAR_SHARING],
        created=-60,
    ),
    DemoAction(
        "staff-conduct",
        "Add complaint learning to team meetings' standing agenda",
        "officer",
        due=-15,
        status=S.COMPLETE,
        success="Minutes of every team show complaint learning discussed monthly.",
        findings=[COMPLAINTS],
        categories=["Staff conduct or behaviour"],
        created=-90,
        updates=[(-16, "Standing item added for all 11 teams; minutes template updated.",
                  S.COMPLETE, None)],
        completed=-16,
    ),
]  # fmt: skip


def link_demo_answers(plan: ActionPlan, assessment) -> None:
    """Link each demo action to the seed findings and complaint categories that exist, and mark
    those findings as shortfalls. Adding an existing link changes nothing."""
    categories = {
        c.name: c for c in ComplaintCategory.objects.filter(organisation=assessment.organisation)
    }
    actions = {a.title: a for a in plan.actions.all()}
    for spec in DEMO_ACTIONS:
        action = actions.get(spec.title)
        if action is None:
            continue
        findings = [f for f in (_find(assessment, s) for s in spec.findings) if f]
        Finding.objects.filter(pk__in=[f.pk for f in findings]).update(
            judgement=Finding.Judgement.SHORTFALL
        )
        action.findings.add(*findings)
        action.complaint_categories.add(
            *[categories[n] for n in spec.categories if n in categories]
        )


def _find(assessment, snippet: str) -> Finding | None:
    return (
        Finding.objects.filter(topic__assessment=assessment, text__icontains=snippet)
        .order_by("pk")
        .first()
    )


def _day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@transaction.atomic
def create_demo_action_plan(assessment) -> ActionPlan:
    """Create the demo plan (once). Links whichever seed findings exist and marks them as
    shortfalls; actions are created even if the report import found none."""
    existing = ActionPlan.objects.filter(
        organisation=assessment.organisation, title__startswith=DEMO_PLAN
    ).first()
    if existing:
        # Findings or complaint categories loaded after the plan (by another demo) get linked.
        link_demo_answers(existing, assessment)
        return existing
    users = get_user_model().objects
    people = {"manager": users.get(username="manager"), "officer": users.get(username="officer")}
    plan = services.create_plan(
        plan=ActionPlan(
            organisation=assessment.organisation,
            assessment=assessment,
            title=demo_plan_title(timezone.localdate()),
            purpose="Answers the shortfalls in 'Learning, improvement and innovation': learning "
            "from safeguarding was not monitored for its effect, carers did not hear what "
            "changed, and the complaints report's improvement plan needed follow-through.",
            owner=people["manager"],
        ),
        created_by=people["officer"],
    )
    created = _create_actions(plan, people)
    link_demo_answers(plan, assessment)
    _approve(plan, people)
    for spec in DEMO_ACTIONS:
        _play_history(created[spec.key], spec, reviewer=people["manager"])
    return plan


def _create_actions(plan: ActionPlan, people: dict) -> dict[str, Action]:
    """The plan's actions, as a manager adds them (follow-ups after their originals)."""
    created: dict[str, Action] = {}
    for spec in DEMO_ACTIONS:
        created[spec.key] = services.create_action(
            action=Action(
                plan=plan,
                title=spec.title,
                owner=people[spec.owner],
                due_date=_day(max(spec.due, 0)),
                priority=spec.priority,
                success_measure=spec.success,
                follow_up_of=created.get(spec.follow_up_of),
            ),
            user=people["manager"],
        )
    return created


def _approve(plan: ActionPlan, people: dict) -> None:
    """Submitted by the officer and approved by the manager, five months ago."""
    services.transition_plan(plan=plan, name="submit", by=people["officer"])
    services.transition_plan(plan=plan, name="approve", by=people["manager"])
    for status, days_ago in (("submitted", 160), ("approved", 155)):
        PlanTransition.objects.filter(plan=plan, to_status=status).update(
            at=timezone.now() - datetime.timedelta(days=days_ago)
        )


def _play_history(action: Action, spec: DemoAction, *, reviewer) -> None:
    """The action's progress and review, written as they would have happened; their dates
    are then set relative to today."""
    for offset, text, status, percent in spec.updates:
        update = services.post_progress(
            action=action, author=action.owner, text=text, status=status, percent=percent
        )
        ProgressUpdate.objects.filter(pk=update.pk).update(date=_day(offset))
    fields = {
        "due_date": _day(spec.due),
        "created_at": timezone.now() + datetime.timedelta(days=spec.created),
    }
    if spec.completed is not None:
        fields["completed_on"] = _day(spec.completed)
    Action.objects.filter(pk=action.pk).update(**fields)
    if spec.review:
        outcome, evidence = spec.review
        services.verify_completion(
            action=action, user=reviewer, note="Checked the completing update and its record."
        )
        review = services.record_review(
            action=action, reviewer=reviewer, outcome=outcome, evidence=evidence
        )
        EffectivenessReview.objects.filter(pk=review.pk).update(date=_day(spec.completed + 20))
        Action.objects.filter(pk=action.pk).update(
            verified_at=timezone.now() + datetime.timedelta(days=spec.completed + 10)
        )

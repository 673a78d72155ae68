"""Demo data for learning: teams of the demo council (with a few practitioners who have no
login), a Safeguarding Adults Review with two recommendations, a brief from the first
published three weeks ago to two teams and the officer, acknowledged by some (so reach, overdue
and the outstanding list show), and a draft brief from the second. Idempotent: nothing is
added once the review exists."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from actions.models import Action
from assessment.demo import DEMO_ORGANISATION, demo_organisation
from assessment.models import Membership
from learning.models import (
    Acknowledgement,
    LearningBrief,
    SafeguardingAdultsReview,
    SARRecommendation,
    Team,
)
from learning.services.briefs import publish_brief

DEMO_REVIEW = "SAR: Adult D"
# (username, first name, last name, teams)
PRACTITIONERS = [
    ("demo-asha", "Asha", "Patel", ["discharge"]),
    ("demo-ben", "Ben", "Hughes", ["discharge"]),
    ("demo-carla", "Carla", "Nwosu", ["discharge", "deaf"]),
    ("demo-dan", "Dan", "Evans", ["discharge"]),
    ("demo-eve", "Eve", "Murray", ["deaf"]),
    ("demo-femi", "Femi", "Adeyemi", ["deaf"]),
    ("demo-gill", "Gill", "Rowe", ["front"]),
    ("demo-hari", "Hari", "Singh", ["front"]),
]
TEAMS = {
    "discharge": ("Hospital Discharge and Reablement", "Discharges from the two acute trusts."),
    "deaf": ("Deaf services", "Assessments and support for Deaf and hard of hearing people."),
    "front": ("Front door", "First contact, information and advice."),
}
# Who acknowledged the published brief, after how many days.
ACKNOWLEDGED = {"officer": 1, "demo-asha": 2, "demo-eve": 9}


def create_demo_learning() -> LearningBrief | None:
    organisation = demo_organisation(DEMO_ORGANISATION)
    if SafeguardingAdultsReview.objects.filter(organisation=organisation).exists():
        return None
    users = get_user_model().objects
    manager, officer = users.get(username="manager"), users.get(username="officer")
    teams = _teams(organisation, officer)
    today = timezone.localdate()
    review = SafeguardingAdultsReview.objects.create(
        organisation=organisation,
        title=DEMO_REVIEW,
        board="Demo Safeguarding Adults Board",
        published=today - datetime.timedelta(days=60),
        summary="Adult D, who is Deaf, was discharged from hospital at night without an "
        "interpreter having been booked for his assessment; his care package did not start "
        "and he was found after a fall two days later.",
        created_by=manager,
    )
    first = SARRecommendation.objects.create(
        review=review,
        number=1,
        text="Practitioners confirm, on the day of discharge, that the care package has started.",
        owner=manager,
        status=SARRecommendation.Status.IN_PROGRESS,
    )
    second = SARRecommendation.objects.create(
        review=review,
        number=2,
        text="Interpreters are booked when an assessment is booked, not on the day.",
        owner=officer,
    )
    brief = _published_brief(first, teams, officer, manager)
    _draft_brief(second, teams)
    return brief


def _teams(organisation, officer) -> dict[str, Team]:
    users = get_user_model().objects
    teams = {
        key: Team.objects.create(organisation=organisation, name=name, description=text)
        for key, (name, text) in TEAMS.items()
    }
    teams["discharge"].members.add(officer)
    for username, first, last, keys in PRACTITIONERS:
        person, created = users.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            person.set_unusable_password()  # in the audience; nobody logs in as them
            person.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=person, organisation=organisation, defaults={"role": Membership.Role.OFFICER}
        )
        for key in keys:
            teams[key].members.add(person)
    return teams


def _published_brief(recommendation, teams, officer, manager) -> LearningBrief:
    today = timezone.localdate()
    brief = LearningBrief.objects.create(
        organisation=recommendation.review.organisation,
        title="Confirm the care package has started on the day of discharge",
        what_happened="Adult D went home from hospital late at night. Nobody checked that "
        "his care had started; it had not, and he fell two days later.",
        what_to_do="On the day of discharge, phone the provider and record in the case file "
        "that the first visit happened. If it did not, escalate to the duty manager the same day.",
        recommendation=recommendation,
        acknowledge_by=today - datetime.timedelta(days=7),
        check_due=today + datetime.timedelta(days=60),
        created_by=officer,
    )
    brief.audience_teams.set([teams["discharge"], teams["deaf"]])
    brief.audience_people.set([officer])
    brief.actions.set(
        Action.objects.filter(
            plan__organisation=brief.organisation, title__icontains="safeguarding"
        )[:2]
    )
    publish_brief(brief=brief, user=None)
    published = timezone.now() - datetime.timedelta(days=21)
    LearningBrief.objects.filter(pk=brief.pk).update(published_at=published, published_by=manager)
    people = get_user_model().objects.filter(username__in=ACKNOWLEDGED)
    Acknowledgement.objects.bulk_create(
        Acknowledgement(
            brief=brief,
            person=person,
            at=published + datetime.timedelta(days=ACKNOWLEDGED[person.username]),
            reflection="I will phone the provider before closing the discharge."
            if person.username == "officer"
            else "",
        )
        for person in people
    )
    return brief


def _draft_brief(recommendation, teams) -> LearningBrief:
    today = timezone.localdate()
    brief = LearningBrief.objects.create(
        organisation=recommendation.review.organisation,
        title="Book the interpreter when you book the assessment",
        what_happened="Adult D's assessment went ahead without a BSL interpreter.",
        what_to_do="Book a BSL interpreter at the same time as the assessment, and record it.",
        recommendation=recommendation,
        acknowledge_by=today + datetime.timedelta(days=21),
        check_due=today + datetime.timedelta(days=120),
    )
    brief.audience_teams.set([teams["deaf"], teams["front"]])
    return brief

"""Another organisation's object is a 404: every URL of an object, from the URL resolver, asked
for (GET and POST) by an officer and a manager of organisation B for organisation A's objects.

Each must answer 404 and change nothing. (Where A's own member in the same role is refused
whatever the object, by 403 for the role or 405 for the method, the same answer is as good:
it says nothing about A's object.) A new URL with an argument fails
`test_every_object_url_is_in_the_map` until it is added to OBJECT_URLS, and then fails the
matrix until its view reads through `Model.objects.for_user(user)`.
"""

from dataclasses import dataclass
from http import HTTPStatus

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from actions.models import (
    Action,
    ActionPlan,
    ActionStatusSnapshot,
    EffectivenessReview,
    FeedbackSource,
    PlanTransition,
    ProgressUpdate,
    PublicWording,
)
from actions.services import TRANSITIONS
from assessment.members.models import Invitation
from assessment.models import Assessment, Membership, Organisation, StatementScore
from complaints.models import Complaint, ComplaintCategory, ComplaintsVersion, ServiceArea
from findings.models import Evidence, EvidenceVersion, Finding, Topic
from jobs.models import Job
from learning.models import (
    Acknowledgement,
    AudienceMember,
    BriefAttachment,
    EffectivenessCheck,
    LearningBrief,
    SafeguardingAdultsReview,
    SARRecommendation,
    Team,
)
from notifications.models import Notification
from readiness.models import (
    MetricValue,
    SelfAssessmentEvidence,
    SelfAssessmentSummary,
    StatementSelfAssessment,
)
from tests.factories import UserFactory
from tests.tenancy import two_organisations
from tests.test_permission_matrix import url_patterns

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class ObjectUrl:
    # path argument -> name of one of A's objects (tests.tenancy.one_of_everything), or a value
    kwargs: tuple[tuple[str, str], ...]
    query: tuple[tuple[str, str], ...] = ()


def url(query=(), **kwargs) -> list[ObjectUrl]:
    return [ObjectUrl(tuple(kwargs.items()), tuple(query))]


# Patterns whose arguments name no object of an organisation.
# A reset link's user and token; an invitation link's token (tests/assessment/members).
NOT_OBJECT_URLS = {"password_reset_confirm", "assessment:invitation-accept"}
# Objects of one person (A's officer's), not of the organisation: nobody else's, not even a
# superuser's.
PERSONAL = {"notifications:notification-read"}
# Values that are not object names.
FIXED = {"down", *TRANSITIONS}

# pattern name -> its URLs for A's objects (a pattern with a step argument: one per step).
OBJECT_URLS: dict[str, list[ObjectUrl]] = {
    "assessment:assessment-detail": url(pk="assessment"),
    "assessment:assessment-update": url(pk="assessment"),
    "assessment:statement-detail": url(pk="assessment", slug="statement"),
    "assessment:organisation-detail": url(pk="organisation"),
    "assessment:organisation-compare": url(pk="organisation"),
    "assessment:organisation-update": url(pk="organisation"),
    "assessment:member-list": url(pk="organisation"),
    "assessment:member-add": url(pk="organisation"),
    "assessment:member-invite": url(pk="organisation"),
    "assessment:member-role": url(pk="membership"),
    "assessment:member-deactivate": url(pk="membership"),
    "assessment:member-reactivate": url(pk="membership"),
    "assessment:invitation-withdraw": url(pk="invitation"),
    "findings:finding-detail": url(pk="finding"),
    "findings:finding-update": url(pk="finding"),
    "findings:finding-delete": url(pk="finding"),
    "findings:finding-move": url(pk="finding", direction="down"),
    "findings:finding-triage": url(pk="finding"),
    "findings:statement-triage": url(pk="assessment", slug="statement"),
    "findings:finding-create": url(pk="assessment", slug="statement"),
    "findings:report-import": url(pk="assessment"),
    "findings:evidence-list": url(pk="assessment"),
    "findings:evidence-create": url(pk="assessment"),
    "findings:evidence-detail": url(pk="evidence"),
    "findings:evidence-update": url(pk="evidence"),
    "findings:evidence-file": url(pk="evidence"),
    "findings:evidence-library": url(pk="organisation"),
    "findings:library-evidence-create": url(pk="organisation"),
    "findings:evidence-version-create": url(pk="evidence"),
    "findings:evidence-version-file": url(pk="evidence", number="evidence_version_number"),
    "findings:assessment-report": url(pk="assessment"),
    "findings:assessment-report-pdf": url(pk="assessment"),
    "findings:assessment-report-xlsx": url(pk="assessment"),
    "complaints:complaint-detail": url(pk="complaint"),
    "complaints:complaint-update": url(pk="complaint"),
    "complaints:complaint-delete": url(pk="complaint"),
    "complaints:complaintcategory-list": url(pk="organisation"),
    "complaints:complaintcategory-create": url(pk="organisation"),
    "complaints:complaintcategory-update": url(pk="category"),
    "complaints:complaintcategory-merge": url(pk="category"),
    "complaints:complaintcategory-retire": url(pk="category"),
    "complaints:complaintcategory-restore": url(pk="category"),
    "complaints:servicearea-list": url(pk="organisation"),
    "complaints:servicearea-create": url(pk="organisation"),
    "complaints:servicearea-update": url(pk="service_area"),
    "complaints:servicearea-merge": url(pk="service_area"),
    "complaints:servicearea-retire": url(pk="service_area"),
    "complaints:servicearea-restore": url(pk="service_area"),
    "actions:plan-detail": url(pk="plan"),
    "actions:plan-update": url(pk="plan"),
    "actions:plan-pdf": url(pk="plan"),
    "actions:plan-transition": [
        *(url(pk="plan", name=step)[0] for step in TRANSITIONS if step != "close"),
        *url(pk="approved_plan", name="close"),
    ],
    "actions:action-create": url(pk="plan"),
    "actions:action-detail": url(pk="action"),
    "actions:action-update": url(pk="action"),
    "actions:action-progress": url(pk="approved_action"),
    "actions:action-review": url(pk="complete_action"),
    "actions:action-verify": url(pk="complete_action"),
    "actions:progress-evidence": url(pk="update"),
    "actions:you-said-we-did": url(pk="organisation"),
    "actions:you-said-we-did-pdf": url(pk="organisation"),
    "actions:public-wording": url(pk="review"),
    "actions:public-wording-approve": url(pk="review"),
    "actions:public-wording-withdraw": url(pk="review"),
    "actions:feedback-source-detail": url(pk="feedback_source"),
    "actions:feedback-source-update": url(pk="feedback_source"),
    "actions:feedback-source-pdf": url(pk="feedback_source"),
    # An object named in the query string (the page lists plans to add an action to).
    "actions:action-for-finding": url(query=[("finding", "finding")]),
    "jobs:job-detail": url(pk="job"),
    "jobs:job-status": url(pk="job"),
    "jobs:job-file": url(pk="job"),
    # A person's own (A's officer's): another person's is a 404, whatever their organisation.
    "notifications:notification-read": url(pk="notification"),
    "readiness:self-assessment": url(pk="assessment"),
    "readiness:statement-self-assessment": url(pk="assessment", slug="statement"),
    "readiness:pack-pdf": url(pk="assessment"),
    "readiness:pack-xlsx": url(pk="assessment"),
    "readiness:metric-list": url(pk="organisation"),
    "readiness:metric-detail": url(pk="organisation", metric_pk="metric"),
    "readiness:value-create": url(pk="organisation", metric_pk="metric"),
    "readiness:value-update": url(pk="metric_value"),
    "readiness:value-delete": url(pk="metric_value"),
    "readiness:value-import": url(pk="organisation"),
    "learning:team-update": url(pk="team"),
    "learning:review-detail": url(pk="sar"),
    "learning:review-update": url(pk="sar"),
    "learning:recommendation-create": url(pk="sar"),
    "learning:recommendation-update": url(pk="recommendation"),
    # A brief's source named in the query string (a new draft from it).
    "learning:brief-create": url(query=[("recommendation", "recommendation")]),
    "learning:brief-detail": url(pk="brief"),
    "learning:brief-update": url(pk="draft_brief"),
    "learning:brief-publish": url(pk="draft_brief"),
    "learning:brief-acknowledge": url(pk="brief"),
    "learning:brief-reach": url(pk="brief"),
    "learning:check-create": url(pk="brief"),
    "learning:attachment-file": url(pk="attachment"),
    "learning:report": url(pk="organisation"),
    "learning:report-pdf": url(pk="organisation"),
    "learning:report-xlsx": url(pk="organisation"),
}

# Everything an organisation holds: none of it may change when B's users are answered.
WATCHED = [
    Organisation, Membership, Invitation, Assessment, StatementScore, Topic, Finding, Evidence,
    EvidenceVersion, Complaint, ComplaintCategory, ServiceArea, ComplaintsVersion, ActionPlan,
    PlanTransition, Action, ProgressUpdate, EffectivenessReview, ActionStatusSnapshot, Job,
    StatementSelfAssessment,
    SelfAssessmentEvidence, SelfAssessmentSummary, MetricValue, FeedbackSource, PublicWording,
    Team, SafeguardingAdultsReview, SARRecommendation, LearningBrief, BriefAttachment,
    AudienceMember, Acknowledgement, EffectivenessCheck,
    Notification,
]  # fmt: skip


def test_every_object_url_is_in_the_map():
    with_arguments = {name for name, route in url_patterns() if "<" in route}
    missing = sorted(with_arguments - NOT_OBJECT_URLS - set(OBJECT_URLS))
    assert not missing, f"URLs of objects missing from OBJECT_URLS (name A's object): {missing}"
    assert not set(OBJECT_URLS) - {name for name, _ in url_patterns()}, "stale entries"


def concrete(objects: dict) -> list[tuple[str, str]]:
    """(pattern name, URL) for each of A's object URLs."""
    urls = []
    for name, entries in OBJECT_URLS.items():
        for entry in entries:
            kwargs = {key: _value(objects, value) for key, value in entry.kwargs}
            query = "&".join(f"{key}={_value(objects, value)}" for key, value in entry.query)
            urls.append((name, reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")))
    return urls


def _value(objects: dict, name: str):
    if name in FIXED:
        return name
    value = objects[name]
    return getattr(value, "pk", value)


def snapshot() -> list:
    return [list(model.objects.order_by("pk").values()) for model in WATCHED]


def answer(user, method: str, url: str, *, watch: bool) -> tuple[int, bool]:
    """The status of the request, and whether it changed anything; then rolled back."""
    with transaction.atomic():
        client = Client()
        client.force_login(user)
        before = snapshot() if watch else None
        response = getattr(client, method)(url)
        if response.streaming:
            b"".join(response.streaming_content)  # closes the file
        changed = watch and snapshot() != before
        transaction.set_rollback(True)
    return response.status_code, changed


@pytest.fixture
def world(cqc_framework):
    world = two_organisations()
    world["a_users"] = {
        role: UserFactory._meta.model.objects.get(username=f"a-{role}")
        for role in ("officer", "manager")
    }
    world["root"] = UserFactory(username="root", is_superuser=True)
    return world


def test_another_organisations_objects_are_a_404_and_nothing_changes(world):
    leaking = {}
    for name, url_ in concrete(world["a"]):
        for role in ("officer", "manager"):
            for method in ("get", "post"):
                own, _ = answer(world["a_users"][role], method, url_, watch=False)
                theirs, changed = answer(world["b_users"][role], method, url_, watch=True)
                refused_anyway = own in (HTTPStatus.FORBIDDEN, HTTPStatus.METHOD_NOT_ALLOWED)
                if theirs not in {HTTPStatus.NOT_FOUND, *([own] if refused_anyway else [])}:
                    leaking.setdefault(name, []).append(f"{role} {method.upper()} {url_}: {theirs}")
                if changed:
                    leaking.setdefault(name, []).append(f"{role} {method.upper()} {url_}: changed")
    assert not leaking, f"B's users reach A's objects: {leaking}"


def test_the_urls_reach_their_objects_for_their_own_members(world):
    """The map names real objects: A's officer (who started A's job) and a superuser get no
    404 from any (but a person's own), so a 404 for B's users above is the scoping, not a
    wrong URL."""
    missing = []
    for name, url_ in concrete(world["a"]):
        # A person's own object is theirs alone: a superuser too gets a 404.
        people = [world["a_users"]["officer"], *([] if name in PERSONAL else [world["root"]])]
        for user in people:
            statuses = {answer(user, method, url_, watch=False)[0] for method in ("get", "post")}
            if HTTPStatus.NOT_FOUND in statuses:
                missing.append(f"{name} {url_} for {user}")
    assert not missing

"""Who may open which page: every URL pattern x every role x GET and POST, against a table.

The patterns come from the URL resolver, so a new URL without a row in MATRIX fails
`test_every_url_has_a_rule` until someone decides who may use it. Each request runs in a
savepoint that is rolled back, so every cell starts from the same data; a refused POST must
also leave the data exactly as it was. No cell may answer 5xx (the test client re-raises).

Levels: PUBLIC (anyone, even logged out), LOGIN (anyone logged in, even with no role),
OFFICER, MANAGER (members of the objects' organisation in that role), ADMIN (a superuser, who
passes every level). Below its level a logged-out visitor is sent to the login page and a
logged-in user gets 403.
"""

from dataclasses import dataclass
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actions.models import (
    Action,
    ActionPlan,
    EffectivenessReview,
    FeedbackSource,
    PlanTransition,
    PublicWording,
)
from assessment.members.models import Invitation
from assessment.models import Assessment, Membership, Organisation, StatementScore
from complaints.models import Complaint, ComplaintCategory, ServiceArea
from findings.models import Evidence, EvidenceVersion, Finding, Topic
from jobs.services import finish_job
from readiness.metrics_loader import BUILTIN_FILE
from readiness.models import MetricValue, SelfAssessmentSummary, StatementSelfAssessment
from readiness.services.metrics import load_metrics_file
from tests.actions.factories import (
    ActionFactory,
    ActionPlanFactory,
    ProgressUpdateFactory,
    ReviewFactory,
    ShortfallFindingFactory,
)
from tests.actions.public_factories import FeedbackSourceFactory
from tests.assessment.factories import AssessmentFactory
from tests.assessment.members.helpers import waiting_invitation as invitation
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory
from tests.findings.factories import EvidenceFactory
from tests.jobs.factories import JobFactory
from tests.learning import matrix as learning_matrix
from tests.notifications.factories import NotificationFactory
from tests.readiness.factories import value_for

pytestmark = pytest.mark.django_db

PUBLIC, LOGIN, OFFICER, MANAGER, ADMIN = "public", "login", "officer", "manager", "admin"
RANK = {PUBLIC: 0, LOGIN: 1, OFFICER: 2, MANAGER: 3, ADMIN: 4}
ROLES = {"anonymous": 0, "no role": 1, "officer": 2, "manager": 3, "superuser": 4}
# Patterns outside this test's reach: the admin has its own permissions (tests/test_admin...).
SKIPPED_PREFIXES = ("admin/",)
# Patterns that exist only with a setting on (bench/run_pages.py's fixed response).
OPTIONAL = {"bench-ceiling"}


@dataclass(frozen=True)
class Cell:
    """Who may use one method of one URL, and what they get: a page or redirect (ok), or 405
    where the view has no such method (those below the level get 403 first)."""

    level: str
    ok: bool = True


def ok(level):
    return Cell(level)


def no(level):
    return Cell(level, ok=False)


@dataclass(frozen=True)
class Row:
    get: Cell
    post: Cell
    # Names of fixture objects (see `world`) for the path's arguments, and a query string.
    kwargs: tuple[tuple[str, str], ...] = ()
    query: str = ""


def row(get, post, query="", **kwargs):
    return Row(get, post, tuple(kwargs.items()), query)


STEP_LEVEL = {"submit": OFFICER, "resubmit": OFFICER, "reopen": OFFICER}
STEP_LEVEL |= {"approve": MANAGER, "return": MANAGER, "close": MANAGER}

# pattern name -> rows (a pattern whose argument changes who may use it has one row per value).
MATRIX: dict[str, list[Row]] = {
    "dashboard": [row(ok(LOGIN), no(LOGIN))],
    # Public, as every GOV.UK accessibility statement is: readable by someone who cannot log in.
    "accessibility": [row(ok(PUBLIC), no(PUBLIC))],
    "login": [row(ok(PUBLIC), ok(PUBLIC))],
    "logout": [row(no(LOGIN), ok(LOGIN))],
    "password_change": [row(ok(LOGIN), ok(LOGIN))],
    "password_change_done": [row(ok(LOGIN), no(LOGIN))],
    "password_reset": [row(ok(PUBLIC), ok(PUBLIC))],
    "password_reset_done": [row(ok(PUBLIC), no(PUBLIC))],
    "password_reset_confirm": [row(ok(PUBLIC), ok(PUBLIC), uidb64="uid", token="token")],
    "password_reset_complete": [row(ok(PUBLIC), no(PUBLIC))],
    # --- assessments and organisations
    "assessment:assessment-list": [row(ok(OFFICER), no(OFFICER))],
    "assessment:assessment-create": [row(ok(OFFICER), ok(OFFICER))],
    "assessment:assessment-detail": [row(ok(OFFICER), no(OFFICER), pk="assessment")],
    "assessment:assessment-update": [row(ok(OFFICER), ok(OFFICER), pk="assessment")],
    "assessment:statement-detail": [
        row(ok(OFFICER), ok(OFFICER), pk="assessment", slug="statement")
    ],
    "assessment:organisation-list": [row(ok(OFFICER), no(OFFICER))],
    # Administrators create organisations; the refusal names them (tests/assessment/members).
    "assessment:organisation-create": [row(ok(ADMIN), ok(ADMIN))],
    "assessment:organisation-detail": [row(ok(OFFICER), no(OFFICER), pk="organisation")],
    "assessment:organisation-compare": [row(ok(OFFICER), no(OFFICER), pk="organisation")],
    "assessment:organisation-update": [row(ok(MANAGER), ok(MANAGER), pk="organisation")],
    # --- an organisation's members (its managers run them; its members read the list)
    "assessment:member-list": [row(ok(OFFICER), no(OFFICER), pk="organisation")],
    "assessment:member-add": [row(ok(MANAGER), ok(MANAGER), pk="organisation")],
    "assessment:member-invite": [row(ok(MANAGER), ok(MANAGER), pk="organisation")],
    "assessment:member-role": [row(ok(MANAGER), ok(MANAGER), pk="membership")],
    "assessment:member-deactivate": [row(no(MANAGER), ok(MANAGER), pk="membership")],
    "assessment:member-reactivate": [row(no(MANAGER), ok(MANAGER), pk="membership")],
    "assessment:invitation-withdraw": [row(no(MANAGER), ok(MANAGER), pk="invitation")],
    # The e-mailed link: opened by someone without an account yet.
    "assessment:invitation-accept": [row(ok(PUBLIC), ok(PUBLIC), token="invitation_token")],
    "assessment:roles": [row(ok(LOGIN), no(LOGIN))],
    # --- findings, evidence, reports
    "findings:finding-list": [row(ok(OFFICER), no(OFFICER))],
    "findings:finding-export": [row(ok(OFFICER), no(OFFICER))],
    "findings:finding-detail": [row(ok(OFFICER), no(OFFICER), pk="finding")],
    "findings:finding-update": [row(ok(OFFICER), ok(OFFICER), pk="finding")],
    "findings:finding-delete": [row(ok(OFFICER), ok(OFFICER), pk="finding")],
    "findings:finding-move": [row(no(OFFICER), ok(OFFICER), pk="finding", direction="up")],
    "findings:finding-create": [row(ok(OFFICER), ok(OFFICER), pk="assessment", slug="statement")],
    "findings:finding-triage": [row(no(OFFICER), ok(OFFICER), pk="finding")],
    "findings:statement-triage": [row(no(OFFICER), ok(OFFICER), pk="assessment", slug="statement")],
    "findings:finding-bulk-triage": [row(no(OFFICER), ok(OFFICER))],
    "findings:report-import": [row(ok(OFFICER), ok(OFFICER), pk="assessment")],
    "findings:evidence-list": [row(ok(OFFICER), no(OFFICER), pk="assessment")],
    "findings:evidence-create": [row(ok(OFFICER), ok(OFFICER), pk="assessment")],
    "findings:evidence-detail": [row(ok(OFFICER), no(OFFICER), pk="evidence")],
    "findings:evidence-update": [row(ok(OFFICER), ok(OFFICER), pk="evidence")],
    "findings:evidence-file": [row(ok(OFFICER), no(OFFICER), pk="evidence")],
    "findings:evidence-library": [row(ok(OFFICER), no(OFFICER), pk="organisation")],
    "findings:library-evidence-create": [row(ok(OFFICER), ok(OFFICER), pk="organisation")],
    "findings:evidence-version-create": [row(ok(OFFICER), ok(OFFICER), pk="evidence")],
    "findings:evidence-version-file": [row(ok(OFFICER), no(OFFICER), pk="evidence", number=1)],
    "findings:assessment-report": [row(ok(OFFICER), no(OFFICER), pk="assessment")],
    "findings:assessment-report-pdf": [row(ok(OFFICER), no(OFFICER), pk="assessment")],
    "findings:assessment-report-xlsx": [row(ok(OFFICER), no(OFFICER), pk="assessment")],
    # --- complaints
    "complaints:complaint-list": [row(ok(OFFICER), no(OFFICER))],
    "complaints:complaint-create": [row(ok(OFFICER), ok(OFFICER))],
    "complaints:complaint-export": [row(ok(OFFICER), no(OFFICER))],
    "complaints:complaint-import": [row(ok(OFFICER), ok(OFFICER))],
    "complaints:complaint-import-template": [row(ok(OFFICER), no(OFFICER))],
    "complaints:complaints-report": [row(ok(OFFICER), no(OFFICER))],
    "complaints:complaint-detail": [row(ok(OFFICER), no(OFFICER), pk="complaint")],
    "complaints:complaint-update": [row(ok(OFFICER), ok(OFFICER), pk="complaint")],
    "complaints:complaint-delete": [row(ok(MANAGER), ok(MANAGER), pk="complaint")],
    # The organisation's categories and service areas: read by its members, run by managers.
    "complaints:complaintcategory-list": [row(ok(OFFICER), no(OFFICER), pk="organisation")],
    "complaints:complaintcategory-create": [row(ok(MANAGER), ok(MANAGER), pk="organisation")],
    "complaints:complaintcategory-update": [row(ok(MANAGER), ok(MANAGER), pk="category")],
    "complaints:complaintcategory-merge": [row(ok(MANAGER), ok(MANAGER), pk="category")],
    "complaints:complaintcategory-retire": [row(no(MANAGER), ok(MANAGER), pk="category")],
    "complaints:complaintcategory-restore": [row(no(MANAGER), ok(MANAGER), pk="category")],
    "complaints:servicearea-list": [row(ok(OFFICER), no(OFFICER), pk="organisation")],
    "complaints:servicearea-create": [row(ok(MANAGER), ok(MANAGER), pk="organisation")],
    "complaints:servicearea-update": [row(ok(MANAGER), ok(MANAGER), pk="service_area")],
    "complaints:servicearea-merge": [row(ok(MANAGER), ok(MANAGER), pk="service_area")],
    "complaints:servicearea-retire": [row(no(MANAGER), ok(MANAGER), pk="service_area")],
    "complaints:servicearea-restore": [row(no(MANAGER), ok(MANAGER), pk="service_area")],
    # --- action plans (the officer drafted `plan` and created `action`; see `world`)
    "actions:plan-list": [row(ok(OFFICER), no(OFFICER))],
    "actions:plan-create": [row(ok(OFFICER), ok(OFFICER))],
    "actions:approval-queue": [row(ok(MANAGER), no(MANAGER))],
    "actions:plan-detail": [row(ok(OFFICER), no(OFFICER), pk="plan")],
    "actions:plan-update": [row(ok(OFFICER), ok(OFFICER), pk="plan")],
    "actions:plan-pdf": [row(ok(OFFICER), no(OFFICER), pk="plan")],
    "actions:plan-transition": [
        row(no(OFFICER), ok(level), pk="plan", name=step) for step, level in STEP_LEVEL.items()
    ],
    "actions:action-create": [row(ok(OFFICER), ok(OFFICER), pk="plan")],
    "actions:action-list": [row(ok(OFFICER), no(OFFICER))],
    "actions:my-actions": [row(ok(OFFICER), no(OFFICER))],
    "actions:overdue": [row(ok(OFFICER), no(OFFICER))],
    "actions:due-soon": [row(ok(OFFICER), no(OFFICER))],
    "actions:unanswered-shortfalls": [row(ok(OFFICER), no(OFFICER))],
    "actions:action-for-finding": [row(ok(OFFICER), ok(OFFICER), query="finding=finding")],
    "actions:action-detail": [row(ok(OFFICER), no(OFFICER), pk="action")],
    "actions:action-update": [row(ok(OFFICER), ok(OFFICER), pk="action")],
    "actions:action-progress": [row(no(OFFICER), ok(OFFICER), pk="approved_action")],
    "actions:action-review": [row(no(MANAGER), ok(MANAGER), pk="approved_action")],
    "actions:action-verify": [row(no(MANAGER), ok(MANAGER), pk="approved_action")],
    "actions:progress-evidence": [row(ok(OFFICER), no(OFFICER), pk="progress")],
    "actions:you-said-we-did": [row(ok(OFFICER), no(OFFICER), pk="organisation")],
    "actions:you-said-we-did-pdf": [row(ok(OFFICER), no(OFFICER), pk="organisation")],
    # Public wording: officers write it, a manager of the organisation approves it.
    "actions:public-wording-queue": [row(ok(OFFICER), no(OFFICER))],
    "actions:public-wording": [row(ok(OFFICER), ok(OFFICER), pk="review")],
    "actions:public-wording-approve": [row(no(MANAGER), ok(MANAGER), pk="review")],
    "actions:public-wording-withdraw": [row(no(MANAGER), ok(MANAGER), pk="review")],
    "actions:feedback-source-list": [row(ok(OFFICER), no(OFFICER))],
    "actions:feedback-source-create": [row(ok(OFFICER), ok(OFFICER))],
    "actions:feedback-source-detail": [row(ok(OFFICER), no(OFFICER), pk="feedback_source")],
    "actions:feedback-source-update": [row(ok(OFFICER), ok(OFFICER), pk="feedback_source")],
    "actions:feedback-source-pdf": [row(ok(OFFICER), no(OFFICER), pk="feedback_source")],
    # --- background jobs: each user's own job ("own_job" is the requesting user's; another
    # user's job is a 404: tests/jobs/test_views.py)
    "jobs:job-list": [row(ok(OFFICER), no(OFFICER))],
    "jobs:job-detail": [row(ok(OFFICER), no(OFFICER), pk="own_job")],
    "jobs:job-status": [row(ok(OFFICER), no(OFFICER), pk="own_job")],
    "jobs:job-file": [row(ok(OFFICER), no(OFFICER), pk="own_job")],
    # --- notifications: each person's own ("own_notification" is the requesting user's; a
    # person with no role has none: notifications are of an organisation they are a member of)
    "notifications:notification-list": [row(ok(LOGIN), no(LOGIN))],
    "notifications:notification-read": [row(no(OFFICER), ok(OFFICER), pk="own_notification")],
    "notifications:notification-read-all": [row(no(LOGIN), ok(LOGIN))],
    "notifications:preferences": [row(ok(LOGIN), ok(LOGIN))],
    # --- ready for re-assessment: self-assessment, metrics, the information return pack
    "readiness:self-assessment": [row(ok(OFFICER), ok(OFFICER), pk="assessment")],
    "readiness:statement-self-assessment": [
        row(ok(OFFICER), ok(OFFICER), pk="assessment", slug="statement")
    ],
    "readiness:pack-pdf": [row(ok(OFFICER), no(OFFICER), pk="assessment")],
    "readiness:pack-xlsx": [row(ok(OFFICER), no(OFFICER), pk="assessment")],
    "readiness:metric-list": [row(ok(OFFICER), no(OFFICER), pk="organisation")],
    "readiness:metric-detail": [
        row(ok(OFFICER), no(OFFICER), pk="organisation", metric_pk="metric")
    ],
    "readiness:value-create": [
        row(ok(OFFICER), ok(OFFICER), pk="organisation", metric_pk="metric")
    ],
    "readiness:value-update": [row(ok(OFFICER), ok(OFFICER), pk="metric_value")],
    "readiness:value-delete": [row(ok(MANAGER), ok(MANAGER), pk="metric_value")],
    "readiness:value-import": [row(ok(OFFICER), ok(OFFICER), pk="organisation")],
    "readiness:import-template": [row(ok(OFFICER), no(OFFICER))],
}


# Learning's pages (tests/learning/matrix.py).
MATRIX |= learning_matrix.rows(row, Cell)


def url_patterns(patterns=None, namespace=""):
    """(name, route) of every named pattern, through includes, outside SKIPPED_PREFIXES."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(SKIPPED_PREFIXES):
                continue
            inner = entry.namespace or namespace
            yield from url_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), str(entry.pattern)


def test_every_url_has_a_rule():
    found = dict(url_patterns())
    unnamed = [route for name, route in found.items() if name is None or name.endswith(":None")]
    assert not unnamed, f"every URL needs a name so that it can have a rule: {unnamed}"
    missing = sorted(set(found) - set(MATRIX))
    assert not missing, f"URLs without a rule in MATRIX (decide who may use them): {missing}"
    stale = sorted(set(MATRIX) - set(found) - OPTIONAL)
    assert not stale, f"rules for URLs that no longer exist: {stale}"


@pytest.fixture
def world(cqc_framework, officer, manager, nobody):
    """One of everything, and the users of each role. The officer drafted `plan` (a manager
    owns it) and created `action`; `approved_action` (officer's) is on an approved plan."""
    assessment = AssessmentFactory()
    finding = ShortfallFindingFactory(topic__assessment=assessment)
    plan = ActionPlanFactory(assessment=assessment, owner=manager, created_by=officer)
    approved = ActionPlanFactory(
        assessment=assessment, owner=manager, created_by=officer, status=ActionPlan.Status.APPROVED
    )
    users = {
        "no role": nobody,
        "officer": officer,
        "manager": manager,
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    own_jobs = {role: _done_job(user).pk for role, user in users.items()}
    own_jobs["anonymous"] = own_jobs["officer"]
    metric = load_metrics_file(BUILTIN_FILE).metrics.order_by("pk").first()
    complaint = ComplaintFactory(organisation=assessment.organisation)
    return {
        "users": users,
        "own_jobs": own_jobs,
        "own_notifications": _own_notifications(users, assessment.organisation),
        "objects": {
            "assessment": assessment.pk,
            "organisation": assessment.organisation_id,
            "statement": finding.topic.statement.slug,
            "finding": finding.pk,
            "evidence": _evidence_with_version(assessment.organisation).pk,
            "complaint": complaint.pk,
            "category": complaint.category_id,
            "service_area": complaint.service_area_id,
            "plan": plan.pk,
            "action": ActionFactory(plan=plan, owner=officer, created_by=officer).pk,
            "approved_action": ActionFactory(plan=approved, owner=officer, created_by=officer).pk,
            "progress": ProgressUpdateFactory(
                action__plan=approved,
                evidence_file=SimpleUploadedFile("minutes.txt", b"Minutes of the meeting."),
                evidence_content_type="text/plain",
            ).pk,
            "review": ReviewFactory(action__plan=approved, reviewer=manager).pk,
            "feedback_source": FeedbackSourceFactory(organisation=assessment.organisation).pk,
            "metric": metric.pk,
            "membership": Membership.objects.get(user=officer).pk,
            "invitation": invitation(assessment.organisation, "waiting").pk,
            "invitation_token": invitation(assessment.organisation, "matrix-token").token,
            "metric_value": value_for(assessment.organisation, metric, 2023, 61).pk,
            **learning_matrix.objects(assessment.organisation, officer, manager),
            "uid": "MQ",
            "token": "not-a-valid-token",
        },
    }


def _evidence_with_version(organisation) -> Evidence:
    evidence = EvidenceFactory(
        organisation=organisation,
        kind=Evidence.Kind.DOCUMENT,
        file=SimpleUploadedFile("minutes.txt", b"Minutes of the board."),
        content_type="text/plain",
    )
    EvidenceVersion.objects.create(
        evidence=evidence,
        number=1,
        file=evidence.file.name,
        original_filename="minutes.txt",
        content_type="text/plain",
        size=21,
    )
    return evidence


def _own_notifications(users, organisation) -> dict[str, int]:
    """Each user's own notification (the anonymous visitor is shown the officer's)."""
    own = {
        role: NotificationFactory(user=user, organisation=organisation).pk
        for role, user in users.items()
    }
    return own | {"anonymous": own["officer"]}


def _done_job(user) -> int:
    job = JobFactory(started_by=user)
    return finish_job(job, content=b"%PDF-1.7", filename="report.pdf")


def concrete_urls(objects):
    """(pattern name, URL, row) for every row of MATRIX, its arguments filled from `objects`."""
    for name, rows in MATRIX.items():
        if name in OPTIONAL:
            continue
        for entry in rows:
            kwargs = {key: objects.get(value, value) for key, value in entry.kwargs}
            url = reverse(name, kwargs=kwargs)
            if entry.query:
                key, value = entry.query.split("=")
                url += f"?{key}={objects[value]}"
            yield name, url, entry


# What must not change when a request is refused (simple-history keeps the rest).
WATCHED = [
    Organisation, Membership, Invitation, Assessment, StatementScore, Topic, Finding, Evidence,
    EvidenceVersion, Complaint, ComplaintCategory, ServiceArea, ActionPlan, PlanTransition, Action,
    EffectivenessReview, StatementSelfAssessment, SelfAssessmentSummary, MetricValue,
    FeedbackSource, PublicWording, *learning_matrix.WATCHED,
]  # fmt: skip


def snapshot():
    return [list(model.objects.order_by("pk").values()) for model in WATCHED]


def outcome(response) -> str:
    """What a response amounts to: "login" (sent to log in), "403", "405" or "ok". A 404 counts
    as a 403: an object outside the user's organisations is not found, which refuses as well
    and says less (a user with no role belongs to none)."""
    if response.status_code == HTTPStatus.FOUND and "?next=" in response["Location"]:
        assert response["Location"].startswith(reverse("login"))
        return "login"
    if response.status_code == HTTPStatus.NOT_FOUND:
        return "403"
    if response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.METHOD_NOT_ALLOWED):
        return str(response.status_code)
    assert response.status_code < 400, f"{response.status_code} for {response.request}"
    return "ok"


def expected(role: str, cell: Cell) -> str:
    if role == "anonymous" and cell.level != PUBLIC:
        return "login"
    if ROLES[role] < RANK[cell.level]:
        return "403"
    return "ok" if cell.ok else "405"


@pytest.mark.parametrize("role", list(ROLES))
def test_permission_matrix(world, role):
    wrong = []
    objects = world["objects"] | {
        "own_job": world["own_jobs"][role],
        "own_notification": world["own_notifications"][role],
    }
    for name, url, entry in concrete_urls(objects):
        for method, cell in (("get", entry.get), ("post", entry.post)):
            want = expected(role, cell)
            with transaction.atomic():
                client = Client()
                if role != "anonymous":
                    client.force_login(world["users"][role])
                before = snapshot() if method == "post" and want != "ok" else None
                response = getattr(client, method)(url)
                got = outcome(response)
                if response.streaming:
                    # Reading to the end closes the file (the client closes the rest).
                    b"".join(response.streaming_content)
                if before is not None and snapshot() != before:
                    wrong.append(f"{method.upper()} {url} ({name}): refused but changed data")
                transaction.set_rollback(True)
            if got != want:
                wrong.append(f"{method.upper()} {url} ({name}): expected {want}, got {got}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)

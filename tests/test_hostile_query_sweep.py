"""A bounded sweep: every page without a key in its URL (found through the URL resolver), plus
the pages of one record that read the query string, gets hostile values in each GET parameter
it knows (its filters', and the ones views read by hand), in one request or repeated, with and
without ?format=csv/xlsx. No response may be a server error.

First each of a few known-bad values goes in every parameter at once; then Hypothesis draws
combinations, derandomized (the same examples every time, so CI is repeatable) and bounded by
MAX_EXAMPLES per page.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import Action, ActionPlan, EffectivenessReview
from complaints.filters import ComplaintFilter
from complaints.models import Complaint
from findings.filters.findings import FindingFilter
from tests.actions.factories import (
    ActionFactory,
    ActionPlanFactory,
    ProgressUpdateFactory,
    ReviewFactory,
    ShortfallFindingFactory,
)
from tests.complaints.factories import ComplaintFactory
from tests.findings.factories import EvidenceFactory

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 20
HOSTILE = [
    "²",  # str.isdigit() is true, int() raises
    "٣",  # int() reads it as 3
    "9" * 40,
    str(2**63),
    "-5",
    "0",
    "",
    " ",
    "\x00",
    "%00",
    "1e5",
    "NaN",
    "last",
    "none",
    "9999",
    "2023-13-45",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "x" * 3000,
]
# Parameters the views read themselves, on top of each page's filter fields.
COMMON = [
    "page",
    "organisation",
    "assessment",
    "finding",
    "follow_up_of",
    "year",
    "days",
    "q",
    "sort",
    "o",
    "choose",
    "topic",
    "before",
    "after",
    "status",
    "recommendation",
    "complaint",
    "mine",
]
# POST only: logout, setting findings in bulk and marking all notifications read; the
# benchmark's fixed response.
SKIP = {"logout", "finding-bulk-triage", "notification-read-all", "bench-ceiling"}


def keyless_url_names(patterns=None, namespace=""):
    """Names of the project's URL patterns that take no arguments (the admin left out)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or pattern.pattern.converters:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from keyless_url_names(pattern.url_patterns, inner)
        elif pattern.name and not pattern.pattern.converters and pattern.name not in SKIP:
            yield f"{namespace}{pattern.name}"


KEYLESS = sorted(set(keyless_url_names()))
# Pages of one record that read query parameters (built from the data below).
KEYED = [
    ("actions:action-create", "plan"),
    ("actions:plan-detail", "plan"),
    ("actions:action-detail", "action"),
    ("actions:you-said-we-did", "organisation"),
    ("assessment:organisation-compare", "organisation"),
    ("assessment:assessment-detail", "assessment"),
    ("findings:evidence-list", "assessment"),
    ("findings:evidence-create", "assessment"),
    ("findings:assessment-report", "assessment"),
    ("complaints:complaint-detail", "complaint"),
    ("readiness:metric-list", "organisation"),
    ("readiness:self-assessment", "assessment"),
    ("learning:report", "organisation"),
]


@pytest.fixture
def data(cqc_framework):
    """A few rows of every model, including complaints dated at the edges and one stored
    before the date bounds existed (31 Dec 9999)."""
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    finding = ShortfallFindingFactory()
    assessment = finding.topic.assessment
    plan = ActionPlanFactory(assessment=assessment, owner=user, status=ActionPlan.Status.APPROVED)
    action = ActionFactory(plan=plan, owner=user, status=Action.Status.IN_PROGRESS)
    action.findings.add(finding)
    ActionFactory(plan=plan, owner=user, due_date=datetime.date(2020, 1, 1))
    ProgressUpdateFactory(action=action, author=user)
    ReviewFactory(
        action__plan=plan, reviewer=user, outcome=EffectivenessReview.Outcome.NOT_EFFECTIVE
    )
    EvidenceFactory(assessment=assessment).findings.add(finding)
    organisation = assessment.organisation
    for received in (datetime.date(1990, 1, 1), datetime.date(2023, 6, 1), timezone.localdate()):
        ComplaintFactory(organisation=organisation, date_received=received)
    stored_bad = ComplaintFactory(organisation=organisation)
    Complaint.objects.filter(pk=stored_bad.pk).update(date_received=datetime.date(9999, 12, 31))
    return {
        "user": user,
        "plan": plan,
        "action": action,
        "organisation": organisation,
        "assessment": assessment,
        "complaint": stored_bad,
    }


# Export views that build their filter set inside get().
FILTERS_BUILT_IN_GET = {
    "complaints:complaint-export": ComplaintFilter,
    "findings:finding-export": FindingFilter,
}
# Without ?finding= the "action for a finding" page refuses (403): it needs one.
PLAIN_STATUS = {"actions:action-for-finding": 403}


def parameter_names(url: str) -> list[str]:
    match = resolve(url)
    view = getattr(match.func, "view_class", None)
    filterset = getattr(view, "filterset_class", None) or FILTERS_BUILT_IN_GET.get(match.view_name)
    names = list(filterset.base_filters) if filterset else []
    return sorted({*names, *COMMON})


values = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.text(max_size=12),
)
one_or_repeated = st.one_of(values, st.lists(values, min_size=2, max_size=3))


# Each tried in every parameter at once (page apart: a bad page is a 404 before the rest).
EVERYWHERE = ["²", "٣", "9" * 40, "-5", "0", "\x00", "x" * 3000]


def sweep(client: Client, url: str):
    names = parameter_names(url)
    for value in EVERYWHERE:
        for params in ({name: value for name in names if name != "page"}, {"page": value}):
            response = client.get(url, params)
            assert response.status_code < 500, (url, params)
    for export in ("csv", "xlsx"):
        response = client.get(url, {**dict.fromkeys(names, "²"), "format": export})
        assert response.status_code < 500, (url, export)

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        params=st.dictionaries(st.sampled_from(names), one_or_repeated, min_size=1, max_size=4),
        export=st.sampled_from([None, "csv", "xlsx"]),
    )
    def request(params, export):
        if export:
            params = {**params, "format": export}
        response = client.get(url, params)
        assert response.status_code < 500, (url, params)

    request()


def test_every_keyless_page_is_swept():
    """The resolver finds the lists (so the sweep below is not vacuous)."""
    for name in [
        "dashboard",
        "complaints:complaint-list",
        "complaints:complaint-export",
        "complaints:complaints-report",
        "findings:finding-list",
        "findings:finding-export",
        "actions:plan-list",
        "actions:action-list",
        "actions:due-soon",
        "actions:overdue",
        "actions:unanswered-shortfalls",
        "assessment:assessment-list",
        "assessment:organisation-list",
    ]:
        assert name in KEYLESS


@pytest.mark.parametrize("name", KEYLESS)
def test_keyless_pages_survive_hostile_parameters(data, name):
    client = Client()
    client.force_login(data["user"])
    url = reverse(name)
    assert client.get(url).status_code == PLAIN_STATUS.get(name, 200)
    sweep(client, url)


@pytest.mark.parametrize(("name", "key"), KEYED)
def test_record_pages_survive_hostile_parameters(data, name, key):
    client = Client()
    client.force_login(data["user"])
    url = reverse(name, args=[data[key].pk])
    assert client.get(url).status_code == 200
    sweep(client, url)

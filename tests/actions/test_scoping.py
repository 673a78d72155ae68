"""Action plans and actions of one council, as a member of another sees them: not at all.

Lists, downloads, the approval queue, unanswered shortfalls and the dashboard count only the
user's own council's rows; filters offer only its names and people; owners are chosen from
its members (the forms and the services refuse anyone else); reminders go to its active
members only. Another council's object is a 404 everywhere: tests/test_cross_organisation.py.
"""

import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions import reminders, services
from actions.models import Action, ActionPlan
from assessment.models import Membership
from assessment.roles import MANAGER, OFFICER
from complaints.models import Complaint
from notifications import sending
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.assessment.factories import OrganisationFactory
from tests.factories import UserFactory, make_member
from tests.tenancy import two_organisations

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
A, B = "ASHIRE-ONLY", "BSHIRE-ONLY"


@pytest.fixture
def world(cqc_framework):
    world = two_organisations()
    for key in ("a", "b"):
        # A plan waiting for approval and an overdue action in each council.
        objects = world[key]
        ActionPlanFactory(
            assessment=objects["assessment"],
            owner=objects["plan"].owner,
            status=ActionPlan.Status.SUBMITTED,
            title=f"Submitted {objects['plan'].title}",
        )
        ActionFactory(
            plan=objects["approved_plan"],
            owner=objects["action"].owner,
            due_date=TODAY - 3 * DAY,
            title=f"Overdue {objects['action'].title}",
        )
    return world


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_rows(response) -> list[dict]:
    return list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )


def organisation_of(row, kind: str) -> int:
    if kind == "plan":
        return row.organisation_id
    if kind == "action":
        return row.plan.organisation_id
    return row.topic.assessment.organisation_id


LISTS = {
    "actions:plan-list": "plan",
    "actions:action-list": "action",
    "actions:my-actions": "action",
    "actions:overdue": "action",
    "actions:due-soon": "action",
    "actions:approval-queue": "plan",
    "actions:unanswered-shortfalls": "finding",
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_shows_only_the_users_council(world, name):
    b = world["b"]["organisation"]
    user = world["b_users"]["manager" if name == "actions:approval-queue" else "officer"]
    response = client_of(user).get(reverse(name), {"days": 60})
    assert response.status_code == HTTPStatus.OK
    rows = list(response.context["object_list"])
    assert rows, "B's own rows are listed"
    assert {organisation_of(row, LISTS[name]) for row in rows} == {b.pk}
    page = response.content.decode()
    assert B in page
    assert A not in page


@pytest.mark.parametrize("name", ["actions:plan-list", "actions:action-list"])
def test_a_download_holds_only_the_users_council(world, name):
    response = client_of(world["b_users"]["officer"]).get(reverse(name), {"format": "csv"})
    rows = csv_rows(response)
    assert {row["Organisation"] for row in rows} == {"Bshire"}
    assert len(rows) == (3 if name == "actions:plan-list" else 4)


def test_another_councils_name_or_person_in_a_filter_is_refused(world):
    """Not offered, and refused when sent (nothing listed, nothing downloaded)."""
    client = client_of(world["b_users"]["officer"])
    url = reverse("actions:action-list")
    form = client.get(url).context["filter"].form
    assert [label for _, label in form.fields["organisation"].choices] == [
        "All organisations",
        "Bshire",
    ]
    people = {value for value, _ in form.fields["owner"].choices}
    assert world["b_users"]["officer"].pk in people
    assert not people & {world["a"]["action"].owner_id, world["a"]["plan"].owner_id}
    for query in (
        {"organisation": world["a"]["organisation"].pk},
        {"owner": world["a"]["action"].owner_id},
    ):
        response = client.get(url, query)
        assert response.context["filter"].errors
        assert list(response.context["object_list"]) == []
        download = client.get(url, {**query, "format": "csv"})
        assert download.status_code == HTTPStatus.FOUND
    plans = client.get(
        reverse("actions:plan-list"), {"organisation": world["b"]["organisation"].pk}
    )
    assessments = plans.context["filter"].form.fields["assessment"].queryset
    assert list(assessments) == [world["b"]["assessment"]]


def test_the_dashboard_of_a_one_council_manager_counts_only_that_council(world):
    b = world["b"]["organisation"]
    response = client_of(world["b_users"]["manager"]).get(reverse("dashboard"))
    figures = response.context["actions"]
    actions_of_b = Action.objects.filter(plan__organisation=b)
    assert figures.total == actions_of_b.count() == 4
    assert figures.overdue == actions_of_b.overdue().count() == 1
    assert sum(f.count for f in figures.reviews) == 1
    assert figures.awaiting_approval == 1
    assert {a.organisation_id for a in figures.unanswered} == {b.pk}
    now = figures.chart[-1]
    assert now.complete + now.on_track + now.overdue == 4
    assert (
        response.context["complaints"]["open"]
        == Complaint.objects.filter(organisation=b, status="open").count()
        == 1
    )


def test_the_dashboard_of_a_one_council_officer_counts_only_that_council(world):
    """B's officer once worked for A and still owns an overdue action there: their membership
    ended, so neither their dashboard nor their reminders count it."""
    officer = world["b_users"]["officer"]
    make_member(officer, world["a"]["organisation"], OFFICER, is_active=False)
    ActionFactory(plan=world["a"]["approved_plan"], owner=officer, due_date=TODAY - 5 * DAY)
    response = client_of(officer).get(reverse("dashboard"))
    mine = response.context["my_actions"]
    assert (mine["open"], mine["overdue"]) == (3, 1)
    assert [action.title for action, _ in response.context["my_overdue"]] == [f"Overdue Action {B}"]
    assert response.context["unanswered_count"] == 1
    assert response.context["complaints"] == {"open": 1, "overdue": 0}


def test_action_owners_are_the_plan_organisations_officers_and_managers(world):
    b, a_officer = world["b"], world["a"]["action"].owner
    client = client_of(world["b_users"]["manager"])
    url = reverse("actions:action-create", args=[b["plan"].pk])
    owners = client.get(url).context["form"].fields["owner"].queryset
    assert set(owners) == set(world["b_users"].values())
    response = client.post(
        url,
        {
            "title": "Given away",
            "owner": a_officer.pk,
            "due_date": (TODAY + 30 * DAY).isoformat(),
            "priority": 2,
            "success_measure": "x",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice" in response.context["form"].errors["owner"][0]
    assert not Action.objects.filter(title="Given away").exists()
    # The service refuses them too, on the owner field, whoever calls it.
    with pytest.raises(ValidationError) as refused:
        services.create_action(
            action=Action(
                plan=b["plan"], title="Given away", owner=a_officer, due_date=TODAY + 30 * DAY
            ),
            user=world["b_users"]["manager"],
        )
    assert "is not an officer or manager of Bshire" in refused.value.message_dict["owner"][0]


def test_the_review_offers_follow_up_owners_of_the_action_organisation(world):
    # A complete, verified action of B not reviewed yet shows the review form.
    action = ActionFactory(plan=world["b"]["approved_plan"], status=Action.Status.COMPLETE)
    response = client_of(world["b_users"]["manager"]).get(action.get_absolute_url())
    owners = response.context["review_form"].fields["follow_up_owner"].queryset
    assert set(owners) == set(world["b_users"].values())


def test_a_plan_owner_is_a_manager_of_the_plans_organisation(world):
    """With two organisations offered, a manager of the other one is refused on the field,
    by the form and by the service alike."""
    manager = world["b_users"]["manager"]
    third = OrganisationFactory(name="Cshire")
    make_member(manager, third, MANAGER)
    elsewhere = make_member(UserFactory(username="c-manager"), third, MANAGER).user
    client = client_of(manager)
    url = reverse("actions:plan-create")
    owners = client.get(url).context["form"].fields["owner"].queryset
    assert set(owners) == {manager, elsewhere}
    response = client.post(
        url,
        {"organisation": world["b"]["organisation"].pk, "title": "Mixed", "owner": elsewhere.pk},
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["owner"] == [
        f"{elsewhere.get_full_name()} is not a manager of Bshire: a plan's owner is one of its "
        "managers."
    ]
    assert not ActionPlan.objects.filter(title="Mixed").exists()
    with pytest.raises(ValidationError) as refused:
        services.create_plan(
            plan=ActionPlan(
                organisation=world["b"]["organisation"], title="Mixed", owner=elsewhere
            ),
            created_by=manager,
        )
    assert "owner" in refused.value.message_dict


def test_a_plan_for_a_finding_is_owned_by_one_of_its_councils_managers(world):
    finding = world["b"]["finding"]
    url = reverse("actions:action-for-finding") + f"?finding={finding.pk}&choose=1"
    client = client_of(world["b_users"]["manager"])
    owners = client.get(url).context["form"].fields["owner"].queryset
    assert list(owners) == [world["b_users"]["manager"]]
    response = client.post(url, {"title": "Theirs", "owner": world["a"]["plan"].owner_id})
    assert response.status_code == HTTPStatus.OK
    assert not ActionPlan.objects.filter(title="Theirs").exists()


def test_reminders_go_only_to_active_members_of_the_actions_organisation(world):
    """A-officer owns overdue actions in A (a member) and, once a member of B, one in B: when
    their membership of B ends, B's action is no longer in their digest; when A's ends too,
    they get none."""
    a_officer = world["a"]["action"].owner
    membership = make_member(a_officer, world["b"]["organisation"], OFFICER)
    ActionFactory(
        plan=world["b"]["approved_plan"], owner=a_officer, due_date=TODAY - DAY, title="In B"
    )

    def overdue_by_owner():
        users = dict(UserFactory._meta.model.objects.values_list("pk", "username"))
        return {
            users[owner_id]: [line.text.split(" (")[0] for line in lines]
            for owner_id, lines in reminders.overdue(TODAY).items()
        }

    assert overdue_by_owner()["a-officer"] == [f"Overdue Action {A}", "In B"]
    membership.is_active = False
    membership.save()
    assert overdue_by_owner()["a-officer"] == [f"Overdue Action {A}"]
    Membership.objects.filter(user=a_officer).update(is_active=False)
    assert "a-officer" not in overdue_by_owner()
    sending.send_digests(today=TODAY)
    assert "a-officer@example.org" not in [m.to[0] for m in mail.outbox]
    assert "b-officer@example.org" in [m.to[0] for m in mail.outbox]


def test_you_said_we_did_and_the_plan_pdf_are_only_the_users_councils(world):
    client = client_of(world["b_users"]["officer"])
    a, b = world["a"], world["b"]

    def status(name, *args, **query):
        return client.get(reverse(name, args=args), query).status_code

    assert status("actions:you-said-we-did", a["organisation"].pk) == HTTPStatus.NOT_FOUND
    assert status("actions:you-said-we-did", b["organisation"].pk) == HTTPStatus.OK
    assert status("actions:plan-pdf", a["plan"].pk) == HTTPStatus.NOT_FOUND
    # An assessment of A named on the unanswered shortfalls page is not found either.
    shortfalls = "actions:unanswered-shortfalls"
    assert status(shortfalls, assessment=a["assessment"].pk) == HTTPStatus.NOT_FOUND
    assert status(shortfalls, assessment=b["assessment"].pk) == HTTPStatus.OK


PAGES = [
    "actions:plan-list",
    "actions:action-list",
    "actions:overdue",
    "actions:approval-queue",
    "actions:unanswered-shortfalls",
    "dashboard",
]


def _counts(client) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name in PAGES:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == HTTPStatus.OK
        counts[name] = len(captured)
    return counts


def test_another_councils_rows_cost_a_user_no_queries(world):
    """The pages' query counts (pinned with 50+ rows in each page's tests) do not move when
    another council has 60 more plans and actions, nor when the user's own has."""
    client = client_of(world["b_users"]["manager"])
    before = _counts(client)
    for key in ("a", "b"):
        plans = ActionPlanFactory.create_batch(
            6, assessment=world[key]["assessment"], owner=world[key]["plan"].owner
        )
        for plan in plans:
            ActionFactory.create_batch(10, plan=plan, owner=world[key]["action"].owner)
    assert _counts(client) == before

"""A person is named one way everywhere (core.people): full name, else username; never blank."""

import csv
import io

import pytest
from django.template import Context, Template
from django.urls import reverse

from core.people import display_name, person_name
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first", "last", "shown"),
    [("Ada", "King", "Ada King"), ("Ada", "", "Ada"), ("", "King", "King"), ("", "", "ak")],
)
def test_a_person_is_their_names_else_their_username(first, last, shown):
    assert display_name(first, last, "ak") == shown
    assert person_name(UserFactory.build(username="ak", first_name=first, last_name=last)) == shown


def test_nobody_is_blank_in_code_and_a_dash_on_pages():
    assert person_name(None) == ""
    template = Template("{% load people %}[{{ user|person }}]")
    assert template.render(Context({"user": None})) == "[—]"
    nameless = UserFactory.build(username="nameless", first_name="", last_name="")
    assert template.render(Context({"user": nameless})) == "[nameless]"


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_exports_name_an_owner_without_names_by_username(manager_client, cqc_framework):
    nameless = UserFactory(username="nameless", first_name="", last_name="")
    plan = ActionPlanFactory(owner=nameless, title="Plan of the nameless")
    ActionFactory(plan=plan, owner=nameless, title="Action of the nameless")

    actions = csv_rows(manager_client.get(reverse("actions:action-list"), {"format": "csv"}))
    owner = actions[0].index("Owner")
    assert [row[owner] for row in actions[1:]] == ["nameless"]

    plans = csv_rows(manager_client.get(reverse("actions:plan-list"), {"format": "csv"}))
    owner = plans[0].index("Owner")
    assert [row[owner] for row in plans[1:]] == ["nameless"]


def test_pages_name_people_the_same_way(manager_client, cqc_framework):
    nameless = UserFactory(username="nameless", first_name="", last_name="")
    action = ActionFactory(owner=nameless, plan__owner=nameless)
    for url in (action.get_absolute_url(), action.plan.get_absolute_url()):
        page = manager_client.get(url).content.decode()
        assert "nameless" in page, url

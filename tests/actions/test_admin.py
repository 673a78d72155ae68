import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from actions.models import ActionStatusSnapshot
from tests.actions.factories import ProgressUpdateFactory, ReviewFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(officer_action, officer):
    """One record of every model the actions admin shows."""
    ProgressUpdateFactory(action=officer_action)
    return {
        "actionplan": officer_action.plan,
        "action": officer_action,
        "effectivenessreview": ReviewFactory(action__plan=officer_action.plan),
        "actionstatussnapshot": ActionStatusSnapshot.objects.create(
            organisation=officer_action.plan.organisation,
            date=datetime.date(2025, 6, 29),
            complete=1,
            on_track=2,
            overdue=3,
        ),
    }


@pytest.mark.parametrize(
    "model", ["actionplan", "action", "effectivenessreview", "actionstatussnapshot"]
)
def test_admin_pages_open(client, records, model):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    listing = client.get(reverse(f"admin:actions_{model}_changelist"))
    assert listing.status_code == HTTPStatus.OK
    record = records[model]
    change_url = reverse(f"admin:actions_{model}_change", args=[record.pk])
    assert change_url in listing.content.decode()  # listed, with a link to its page
    page = client.get(change_url)
    assert page.status_code == HTTPStatus.OK
    assert str(record) in page.content.decode()

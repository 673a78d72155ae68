from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.actions.factories import ProgressUpdateFactory, ReviewFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["actionplan", "action", "effectivenessreview", "remindersent"])
def test_admin_pages_open(client, officer_action, model):
    ProgressUpdateFactory(action=officer_action)
    review = ReviewFactory(action__plan=officer_action.plan)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse(f"admin:actions_{model}_changelist")).status_code == HTTPStatus.OK
    obj = {
        "actionplan": officer_action.plan,
        "action": officer_action,
        "effectivenessreview": review,
    }.get(model)
    if obj is not None:
        url = reverse(f"admin:actions_{model}_change", args=[obj.pk])
        assert client.get(url).status_code == HTTPStatus.OK

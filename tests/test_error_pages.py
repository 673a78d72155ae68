import logging
from http import HTTPStatus

import pytest
from django.urls import reverse

from config.logging import QuietPermissionDenied

pytestmark = pytest.mark.django_db


def test_403_page_explains_and_offers_a_way_back(officer_client):
    response = officer_client.get(reverse("assessment:organisation-create"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    content = response.content.decode()
    assert "You can't do that here" in content
    assert "Nothing was changed" in content
    assert reverse("dashboard") in content  # navigation and a link back


def test_404_page_is_branded(officer_client):
    response = officer_client.get("/no/such/page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in response.content.decode()


def test_refused_requests_are_logged_without_a_traceback():
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Forbidden", (), None)
    record.status_code = 403
    record.exc_info = (PermissionError, PermissionError("no"), None)
    assert QuietPermissionDenied().filter(record)
    assert record.exc_info is None
    server_error = logging.LogRecord("django.request", logging.ERROR, "", 0, "Boom", (), None)
    server_error.status_code = 500
    server_error.exc_info = (RuntimeError, RuntimeError("boom"), None)
    QuietPermissionDenied().filter(server_error)
    assert server_error.exc_info is not None

"""An upload larger than any page takes is refused before its body is read."""

from http import HTTPStatus
from unittest import mock

import pytest
from django.test import RequestFactory
from django.urls import reverse

from config.middleware import MB, RequestSizeLimitMiddleware, request_size_limit

pytestmark = pytest.mark.django_db


def test_the_limit_is_the_largest_upload_limit_plus_a_megabyte(settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 20 * MB
    settings.REPORT_MAX_UPLOAD_BYTES = 50 * MB
    settings.COMPLAINTS_IMPORT_MAX_UPLOAD_BYTES = 10 * MB
    assert request_size_limit() == 51 * MB


def test_an_oversized_request_is_refused_without_reading_its_body():
    view = mock.Mock()
    request = RequestFactory().post("/complaints/import/", data=b"x", content_type="text/csv")
    request.META["CONTENT_LENGTH"] = str(200 * MB)
    with mock.patch.object(request, "read", side_effect=AssertionError("body read")):
        response = RequestSizeLimitMiddleware(view)(request)
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    view.assert_not_called()
    page = response.content.decode()
    assert "about 200 MB" in page
    assert f"more than {request_size_limit() // MB} MB" in page


def test_a_request_within_the_limit_goes_through():
    view = mock.Mock(return_value="the page")
    request = RequestFactory().post("/", data={"a": "b"})
    assert RequestSizeLimitMiddleware(view)(request) == "the page"


def test_through_the_stack_nothing_is_saved(officer_client, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = settings.REPORT_MAX_UPLOAD_BYTES = 1024
    settings.COMPLAINTS_IMPORT_MAX_UPLOAD_BYTES = 1024
    big = b"reference,date_received\n" + b"A,2025-01-01\n" * (MB // 10)
    response = officer_client.post(
        reverse("complaints:complaint-import"), data=big, content_type="text/csv"
    )
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE

"""Requests the pages do not make (other HTTP methods, an expired form, a save without a
version, an oversized file) get a page in words, never a 500 or an empty body."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.uploads import MB, check_size
from findings.models import Finding
from tests.findings.factories import FindingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["delete", "put", "patch"])
def test_other_methods_are_refused_before_any_view(
    cqc_framework, officer_client, manager_client, method
):
    finding = FindingFactory()
    for client in (officer_client, manager_client):
        response = getattr(client, method)(reverse("findings:finding-delete", args=[finding.pk]))
        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
        assert "cannot be used that way" in response.content.decode()
    assert Finding.objects.filter(pk=finding.pk).exists()


def test_a_get_on_a_post_only_address_gets_a_page_not_an_empty_body(officer_client):
    response = officer_client.get(reverse("logout"))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert "cannot be used that way" in response.content.decode()


def test_an_expired_form_gets_a_page_in_words(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(reverse("password_change"), {})
    assert response.status_code == HTTPStatus.FORBIDDEN
    page = response.content.decode()
    assert "This form has expired" in page
    assert "<style" not in page  # the CSP forbids inline styles


def test_a_finding_saved_without_its_version_is_refused_not_a_500(cqc_framework, officer_client):
    finding = FindingFactory(text="As it was.")
    url = reverse("findings:finding-update", args=[finding.pk])
    data = {
        "topic_title": finding.topic.title,
        "text": "Changed blind.",
        "source": "staff",
        "judgement": "shortfall",
    }
    for version in ("", None):
        payload = dict(data) if version is None else {**data, "version": version}
        response = officer_client.post(url, payload)
        assert response.status_code == HTTPStatus.OK
        assert "Not saved" in response.content.decode()
    finding.refresh_from_db()
    assert finding.text == "As it was."


def test_a_size_just_over_the_limit_does_not_read_as_the_limit():
    class Upload:
        name = "big.pdf"
        size = 21_000_000

    with pytest.raises(ValidationError) as error:
        check_size(Upload(), 20 * MB)
    assert "“big.pdf” is 20.1 MB; the limit is 20 MB." in error.value.messages[0]

"""Findings search on PostgreSQL reads a stored vector that a trigger keeps with the text
(findings migration 0014): whatever writes a finding, its words are searchable at once. (The
suite runs on PostgreSQL: scripts/test_database.py.)"""

import pytest
from django.urls import reverse

from findings.models import Finding
from tests.findings.factories import FindingFactory

pytestmark = pytest.mark.django_db


def test_search_finds_a_findings_new_words_at_once(officer_client, cqc_framework):
    """An edit, an import's bulk insert and a raw update are all searchable on the next
    request; websearch syntax (phrases, minus) works on the stored vector."""

    def found(words: str) -> int:
        response = officer_client.get(reverse("findings:finding-list"), {"q": words})
        return response.context["paginator"].count

    finding = FindingFactory(text="Partners said safeguarding reviews lacked monitoring.")
    assert found("monitored") == 1  # stemming
    assert found("kaleidoscope") == 0
    Finding.objects.filter(pk=finding.pk).update(text="A kaleidoscope of services.")
    assert found("kaleidoscope") == 1
    assert found("monitoring") == 0
    Finding.objects.bulk_create(
        [Finding(topic=finding.topic, order=99, text="Kaleidoscopes everywhere.")]
    )
    assert found("kaleidoscope") == 2
    assert found('"kaleidoscope of services"') == 1
    assert found("kaleidoscope -services") == 1

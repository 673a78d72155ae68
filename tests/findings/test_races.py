"""Two people at once: neither gets a 500 and no work is lost (real threads, real connections).

Each test pauses the first request just before its write (see tests/races.py), lets the second
run to the end, then lets the first go on: the worst interleaving, every time.
"""

from http import HTTPStatus

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from findings.models import Finding, Topic
from findings.services import findings as services
from tests.assessment.factories import AssessmentFactory
from tests.findings.factories import FindingFactory, TopicFactory
from tests.races import interleave

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "learning-improvement-innovation"


@pytest.fixture
def assessment(cqc_framework):
    return AssessmentFactory()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _add_finding(user, assessment, topic, text):
    url = reverse("findings:finding-create", args=[assessment.pk, SLUG])
    data = {"topic_title": topic, "text": text, "source": "staff", "judgement": "strength"}
    return lambda: _client(user).post(url, data)


def test_two_people_add_a_finding_under_the_same_new_topic(
    monkeypatch, officer, manager, assessment
):
    first, second = interleave(
        monkeypatch,
        _add_finding(officer, assessment, "Learning from feedback", "The officer's finding."),
        _add_finding(manager, assessment, "Learning from feedback", "The manager's finding."),
        pause_in=(Topic, "save"),
    )
    assert first.error is None
    assert second.error is None
    assert first.result.status_code == second.result.status_code == HTTPStatus.FOUND
    topic = Topic.objects.get()
    # Whoever got there first is first; both are kept, at different positions.
    assert sorted(topic.findings.values_list("order", flat=True)) == [0, 1]
    assert set(topic.findings.values_list("text", flat=True)) == {
        "The manager's finding.",
        "The officer's finding.",
    }


def test_two_new_topics_at_once_get_their_own_positions(monkeypatch, officer, manager, assessment):
    interleave(
        monkeypatch,
        _add_finding(officer, assessment, "Learning from feedback", "One."),
        _add_finding(manager, assessment, "Continuous learning", "Two."),
        pause_in=(Topic, "save"),
    )
    assert sorted(Topic.objects.values_list("order", flat=True)) == [0, 1]
    assert set(Topic.objects.values_list("title", flat=True)) == {
        "Continuous learning",
        "Learning from feedback",
    }


def test_two_additions_to_one_topic_get_different_positions(
    monkeypatch, officer, manager, assessment
):
    services.create_finding(
        recorded_by=None,
        assessment=assessment,
        statement=assessment.framework.statements.get(slug=SLUG),
        topic_title="Learning from feedback",
        text="Already there.",
    )
    interleave(
        monkeypatch,
        _add_finding(officer, assessment, "Learning from feedback", "The officer's."),
        _add_finding(manager, assessment, "Learning from feedback", "The manager's."),
        pause_in=(Finding, "save"),
    )
    assert list(Finding.objects.order_by("order").values_list("order", flat=True)) == [0, 1, 2]
    assert Finding.objects.get(order=0).text == "Already there."
    assert set(Finding.objects.values_list("text", flat=True)) == {
        "Already there.",
        "The manager's.",
        "The officer's.",
    }


def test_positions_within_a_topic_are_unique_in_the_database(assessment):
    topic = TopicFactory(assessment=assessment)
    FindingFactory(topic=topic, order=3)
    with pytest.raises(IntegrityError):
        FindingFactory(topic=topic, order=3)


def test_moving_while_someone_adds_keeps_positions_distinct(
    monkeypatch, officer, manager, assessment
):
    statement = assessment.framework.statements.get(slug=SLUG)
    add = services.create_finding
    first = add(
        assessment=assessment, statement=statement, topic_title="T", text="First.", recorded_by=None
    )
    add(
        assessment=assessment,
        statement=statement,
        topic_title="T",
        text="Second.",
        recorded_by=None,
    )
    move = reverse("findings:finding-move", args=[first.pk, "down"])
    interleave(
        monkeypatch,
        lambda: _client(officer).post(move),
        _add_finding(manager, assessment, "T", "Third."),
        pause_in=(Finding, "save"),
    )
    assert list(Finding.objects.order_by("order").values_list("text", flat=True)) == [
        "Second.",
        "First.",
        "Third.",
    ]

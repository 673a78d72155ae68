"""Two people at once: neither gets a 500 and no work is lost (real threads, real connections).

Each test pauses the first request just before its write (see tests/races.py), lets the second
run to the end, then lets the first go on: the worst interleaving, every time.
"""

import datetime
from http import HTTPStatus

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from findings.importers import complaints as importer
from findings.models import Complaint, ComplaintCategory, Finding, Topic
from findings.services import findings as services
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
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
    first = add(assessment=assessment, statement=statement, topic_title="T", text="First.")
    add(assessment=assessment, statement=statement, topic_title="T", text="Second.")
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


def _complaint(user, organisation, reference):
    data = {
        "organisation": organisation.pk,
        "reference": reference,
        "date_received": "05/06/2023",
        "relationship": "family",
        "procedure": "statutory",
        "status": "open",
        "lgsco_status": "none",
    }
    return lambda: _client(user).post(reverse("findings:complaint-create"), data)


def test_two_people_record_a_complaint_with_the_same_reference(monkeypatch, officer, manager):
    organisation = OrganisationFactory(name="Raceshire")
    first, second = interleave(
        monkeypatch,
        _complaint(officer, organisation, "MAC-1"),
        _complaint(manager, organisation, "MAC-1"),
        pause_in=(Complaint, "save"),
    )
    assert second.result.status_code == HTTPStatus.FOUND
    response = first.result
    assert response.status_code == HTTPStatus.OK  # the form again, not a 500
    assert response.context["form"].errors["reference"] == [
        "A complaint with reference MAC-1 already exists for Raceshire."
    ]
    assert Complaint.objects.count() == 1


def _import(organisation, content, **options):
    return lambda: importer.import_complaints(
        organisation=organisation, filename="complaints.csv", content=content, **options
    )


@pytest.mark.parametrize("update_existing", [False, True])
def test_two_overlapping_imports(monkeypatch, update_existing):
    organisation = OrganisationFactory(name="Raceshire")
    ours = b"reference,date_received\nMAC-1,2023-06-01\nMAC-2,2023-06-02\nMAC-3,2023-06-03\n"
    theirs = b"reference,date_received\nMAC-2,2023-06-02\nMAC-3,2023-06-03\n"
    first, second = interleave(
        monkeypatch,
        _import(organisation, ours, update_existing=update_existing),
        _import(organisation, theirs),
        pause_in=(importer, "bulk_create_with_history"),
    )
    assert second.error is None
    assert second.result.created == 2
    error = first.error
    assert isinstance(error, importer.ComplaintImportError)  # all or nothing, in words
    assert [(e.row, e.column) for e in error.errors] == [(3, "reference"), (4, "reference")]
    assert "“MAC-2” was added" in str(error.errors[0])
    assert sorted(Complaint.objects.values_list("reference", flat=True)) == ["MAC-2", "MAC-3"]
    assert datetime.date(2023, 6, 1) not in Complaint.objects.values_list(
        "date_received", flat=True
    )


def test_two_imports_creating_the_same_missing_category(monkeypatch):
    organisation = OrganisationFactory(name="Raceshire")
    header = b"reference,date_received,category\n"
    first, second = interleave(
        monkeypatch,
        _import(organisation, header + b"MAC-1,2023-06-01,Transport\n", create_missing=True),
        _import(organisation, header + b"MAC-2,2023-06-02,Transport\n", create_missing=True),
        pause_in=(ComplaintCategory, "save"),
    )
    assert first.error is None
    assert second.error is None
    assert second.result.created_names == ["Transport"]
    assert first.result.created_names == []  # it found the other's instead
    category = ComplaintCategory.objects.get()
    assert set(category.complaints.values_list("reference", flat=True)) == {"MAC-1", "MAC-2"}

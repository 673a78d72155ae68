import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse

from findings.models import Finding, Topic
from findings.services import findings as services
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.factories import make_member
from tests.findings.factories import FindingFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(cqc_framework, officer, manager):
    northshire = OrganisationFactory(name="Northshire")
    make_member(officer, northshire, "officer")
    make_member(manager, northshire, "manager")
    return AssessmentFactory(organisation=northshire)


def statement_url(assessment, slug="learning-improvement-innovation"):
    return reverse("assessment:statement-detail", args=[assessment.pk, slug])


def add(assessment, topic, text, slug="learning-improvement-innovation", **kwargs):
    statement = assessment.framework.statements.get(slug=slug)
    return services.create_finding(
        recorded_by=None,
        assessment=assessment,
        statement=statement,
        topic_title=topic,
        text=text,
        **kwargs,
    )


# --- statement page ---------------------------------------------------------------------------


def test_statement_page_groups_findings_by_topic_in_entry_order(officer_client, assessment):
    add(assessment, "Learning from feedback", "Second topic, first finding.")
    add(assessment, "Continuous learning", "Second topic? No: first entered comes first.")
    add(assessment, "Learning from feedback", "Second topic, second finding.")
    content = officer_client.get(statement_url(assessment)).content.decode()
    assert content.index("Learning from feedback") < content.index("Continuous learning")
    assert content.index("Second topic, first finding.") < content.index(
        "Second topic, second finding."
    )
    assert "Not yet reviewed" in content  # judgement badge in words


def test_officer_adds_finding_in_place(officer_client, officer, assessment):
    url = reverse(
        "findings:finding-create", args=[assessment.pk, "learning-improvement-innovation"]
    )
    response = officer_client.post(
        url,
        {
            "topic_title": "Learning from feedback",
            "text": "Carers were not told what changed after the forum.",
            "source": "providers",
            "evidence_category": "partners",
            "judgement": "shortfall",
        },
    )
    finding = Finding.objects.get()
    assert response.url == f"{statement_url(assessment)}#finding-{finding.pk}"
    assert finding.recorded_by == officer
    assert finding.topic.statement.slug == "learning-improvement-innovation"
    assert finding.judgement == "shortfall"


def test_add_finding_with_errors_shows_them_and_saves_nothing(officer_client, assessment):
    url = reverse(
        "findings:finding-create", args=[assessment.pk, "learning-improvement-innovation"]
    )
    response = officer_client.post(
        url, {"topic_title": "", "text": "x", "source": "nobody", "judgement": "strength"}
    )
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert set(errors) == {"topic_title", "text", "source"}
    assert not Finding.objects.exists()


def test_user_without_role_cannot_add_or_see_findings(client, nobody, assessment):
    client.force_login(nobody)
    url = reverse(
        "findings:finding-create", args=[assessment.pk, "learning-improvement-innovation"]
    )
    assert client.post(url, {"topic_title": "T", "text": "Something"}).status_code == 403
    assert client.get(reverse("findings:finding-list")).status_code == 403
    assert not Finding.objects.exists()


def test_move_up_and_down_within_topic(officer_client, assessment):
    first = add(assessment, "Topic", "First finding.")
    second = add(assessment, "Topic", "Second finding.")
    officer_client.post(reverse("findings:finding-move", args=[second.pk, "up"]))
    order = list(Finding.objects.order_by("order").values_list("text", flat=True))
    assert order == ["Second finding.", "First finding."]
    response = officer_client.post(reverse("findings:finding-move", args=[second.pk, "up"]))
    assert response.status_code == HTTPStatus.FOUND  # already first: nothing happens
    officer_client.post(reverse("findings:finding-move", args=[second.pk, "down"]))
    order = list(Finding.objects.order_by("order").values_list("text", flat=True))
    assert order == ["First finding.", "Second finding."]
    first.refresh_from_db()
    assert first.version == 3  # each move is an edit


def test_delete_asks_for_confirmation_and_removes_empty_topic(officer_client, assessment):
    finding = add(assessment, "Lonely topic", "The only finding.")
    url = reverse("findings:finding-delete", args=[finding.pk])
    page = officer_client.get(url)
    assert "Delete this finding?" in page.content.decode()
    assert Finding.objects.exists()
    officer_client.post(url)
    assert not Finding.objects.exists()
    assert not Topic.objects.exists()


def test_two_people_editing_the_same_finding(officer_client, manager, assessment):
    from django.test import Client

    manager_client = Client()  # a second browser: officer_client is the `client` fixture
    manager_client.force_login(manager)
    finding = add(assessment, "Topic", "Original text.")
    url = reverse("findings:finding-update", args=[finding.pk])
    # Both open the edit page at version 1.
    version = officer_client.get(url).context["form"]["version"].value()
    assert version == 1
    manager_client.post(
        url,
        {
            "topic_title": "Topic",
            "text": "Manager's wording.",
            "source": "leaders",
            "judgement": "shortfall",
            "version": version,
        },
    )
    response = officer_client.post(
        url,
        {
            "topic_title": "Topic",
            "text": "Officer's wording.",
            "source": "staff",
            "judgement": "strength",
            "version": version,
        },
    )
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert f"Not saved: {manager.get_full_name()} changed this finding" in content
    changed = {c.field: c for c in response.context["conflict"].changes}
    assert set(changed) == {"text", "source", "judgement"}
    assert changed["text"].yours_from == "Original text."
    assert changed["text"].theirs == "Manager's wording."
    assert changed["text"].marked == (
        "<del>Original text.</del>",
        "<mark>Manager&#x27;s wording.</mark>",
    )
    finding.refresh_from_db()
    assert finding.text == "Manager's wording."  # the officer's save did not overwrite it
    # Saving again from the refreshed form (now at the new version) succeeds.
    assert response.context["form"].data["version"] == 2
    officer_client.post(
        url,
        {
            "topic_title": "Topic",
            "text": "Officer's wording.",
            "source": "staff",
            "judgement": "strength",
            "version": 2,
        },
    )
    finding.refresh_from_db()
    assert finding.text == "Officer's wording."


def test_editing_topic_moves_finding_to_the_end_of_the_new_topic(officer_client, assessment):
    moving = add(assessment, "Old topic", "Moves.")
    add(assessment, "New topic", "Already there.")
    officer_client.post(
        reverse("findings:finding-update", args=[moving.pk]),
        {
            "topic_title": "new topic",  # matched case-insensitively
            "text": "Moves.",
            "source": "staff",
            "judgement": "mixed",
            "version": 1,
        },
    )
    moving.refresh_from_db()
    assert moving.topic.title == "New topic"
    assert list(Topic.objects.values_list("title", flat=True)) == ["New topic"]
    assert list(moving.topic.findings.order_by("order").values_list("text", flat=True)) == [
        "Already there.",
        "Moves.",
    ]


def test_statement_page_query_count_with_many_findings(
    officer_client, assessment, django_assert_max_num_queries
):
    statement = assessment.framework.statements.get(slug="learning-improvement-innovation")
    for t in range(5):
        topic = TopicFactory(assessment=assessment, statement=statement, order=t)
        FindingFactory.create_batch(12, topic=topic)
    with django_assert_max_num_queries(16):  # with the memberships, read once per request
        response = officer_client.get(statement_url(assessment))
    assert response.content.decode().count('data-testid="finding"') == 60


def test_finding_detail_shows_history_and_evidence(
    officer_client, assessment, django_assert_max_num_queries
):
    finding = add(assessment, "Topic", "Original.")
    for i in range(55):
        services.update_finding(
            user=None,
            finding=finding,
            expected_version=i + 1,
            topic_title="Topic",
            text=f"Edit {i}.",
        )
    with django_assert_max_num_queries(10):
        response = officer_client.get(reverse("findings:finding-detail", args=[finding.pk]))
    assert response.status_code == HTTPStatus.OK
    assert "Edit 54." in response.content.decode()
    assert len(response.context["changes"]) == 30


# --- findings list, search and export ---------------------------------------------------------


@pytest.fixture
def two_councils(cqc_framework, officer):
    """Two councils the officer is a member of (and a third they are not)."""
    north = AssessmentFactory(organisation=OrganisationFactory(name="Northshire"))
    south = AssessmentFactory(organisation=OrganisationFactory(name="Southshire"))
    make_member(officer, north.organisation, "officer")
    make_member(officer, south.organisation, "viewer")
    add(
        AssessmentFactory(organisation=OrganisationFactory(name="Westshire")),
        "Learning from feedback",
        "Westshire carers praised the safeguarding monitoring of outcomes.",
        source="partners",
        judgement="shortfall",
    )
    add(
        north,
        "Safeguarding learning",
        "Partners said safeguarding reviews lacked monitoring.",
        slug="safeguarding",
        source="partners",
        judgement="shortfall",
    )
    add(
        north,
        "Learning from feedback",
        "Carers were not told about outcomes.",
        source="people",
        judgement="shortfall",
    )
    add(
        south,
        "Learning from feedback",
        "Complaints were handled well and learning shared.",
        source="data",
        judgement="strength",
    )
    return north, south


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 3),
        ({"organisation": "north"}, 2),
        ({"judgement": "strength"}, 1),
        ({"source": "partners"}, 1),
        ({"statement": "safeguarding"}, 1),
        ({"topic": "feedback"}, 2),
        ({"q": "monitoring"}, 1),
        ({"q": "carers outcomes"}, 1),
    ],
)
def test_findings_list_filters(officer_client, two_councils, params, expected):
    north, _ = two_councils
    if params.get("organisation") == "north":
        params = {"organisation": north.organisation_id}
    if params.get("statement") == "safeguarding":
        params = {"statement": north.framework.statements.get(slug="safeguarding").pk}
    response = officer_client.get(reverse("findings:finding-list"), params)
    assert response.status_code == HTTPStatus.OK
    assert response.context["paginator"].count == expected


def test_search_uses_full_text_on_postgresql(officer_client, two_councils):
    # Stemming: on PostgreSQL "monitored" finds "monitoring"; the SQLite fallback is a plain
    # contains match, which does not.
    response = officer_client.get(reverse("findings:finding-list"), {"q": "monitored"})
    expected = 1 if connection.vendor == "postgresql" else 0
    assert response.context["paginator"].count == expected


def test_findings_list_query_count(officer_client, cqc_framework, django_assert_max_num_queries):
    for _ in range(3):
        topic = TopicFactory()
        FindingFactory.create_batch(20, topic=topic)
    with django_assert_max_num_queries(12):
        response = officer_client.get(reverse("findings:finding-list"))
    assert response.context["paginator"].count == 60
    assert len(response.context["object_list"]) == 25


def test_csv_export_streams_the_filtered_list(officer_client, two_councils):
    response = officer_client.get(reverse("findings:finding-export"), {"judgement": "shortfall"})
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["ID", "Organisation", "Assessment"]
    assert len(rows) == 3
    assert {row[1] for row in rows[1:]} == {"Northshire"}
    assert {row[10] for row in rows[1:]} == {"Shortfall"}  # the label, not the code


def test_exports_write_labels_and_positions_from_1(officer_client, two_councils):
    """They wrote internal codes (people, staff_leaders) and positions from 0."""
    north, _ = two_councils
    add(
        north,
        "Learning from feedback",
        "Leaders described the learning culture.",
        source="leaders",
        evidence_category="staff_leaders",
    )
    response = officer_client.get(reverse("findings:finding-export"), {"topic": "feedback"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row[7]: row for row in csv.reader(io.StringIO(body))}
    first = rows["Carers were not told about outcomes."]
    second = rows["Leaders described the learning culture."]
    assert first[6:11] == ["1", "Carers were not told about outcomes.", "People and carers", "",
                           "Shortfall"]  # fmt: skip
    assert second[6] == "2"
    assert second[8:11] == ["Senior leaders", "Feedback from staff and leaders", "Not yet reviewed"]
    # A gap left by a deleted finding is not a position.
    services.delete_finding(finding=Finding.objects.get(text=first[7]), user=None)
    body = b"".join(
        officer_client.get(
            reverse("findings:finding-export"), {"topic": "feedback"}
        ).streaming_content
    ).decode("utf-8-sig")
    rows = {row[7]: row for row in csv.reader(io.StringIO(body))}
    assert rows["Leaders described the learning culture."][6] == "1"


def test_empty_list_says_so(officer_client, cqc_framework):
    response = officer_client.get(reverse("findings:finding-list"))
    assert "No findings recorded yet" in response.content.decode()


def test_xlsx_export_has_typed_columns(officer_client, two_councils):
    import openpyxl

    response = officer_client.get(
        reverse("findings:finding-export"), {"format": "xlsx", "source": "people"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Findings"]
    assert sheet.freeze_panes == "A2"
    header, row = list(sheet.iter_rows(values_only=True))
    assert header[7] == "Finding"
    assert row[7] == "Carers were not told about outcomes."
    assert isinstance(row[0], int)
    assert isinstance(row[11], datetime.datetime)  # a real date, not text


def test_conflict_with_yourself_in_another_tab_says_so(officer_client, assessment):
    finding = add(assessment, "Topic", "Carers were told about outcomes.")
    url = reverse("findings:finding-update", args=[finding.pk])
    data = {"topic_title": "Topic", "source": "people", "judgement": "mixed", "version": 1}
    officer_client.post(url, {**data, "text": "Carers were rarely told about outcomes."})
    response = officer_client.post(url, {**data, "text": "Carers were never told."})
    content = response.content.decode()
    assert "Not saved: you (in another window or tab) changed this finding" in content
    assert "<mark>rarely</mark>" in content


def test_finding_history_says_what_changed(officer_client, assessment):
    finding = add(assessment, "Topic", "Carers were not told.")
    services.update_finding(
        user=None, finding=finding, expected_version=1, topic_title="Topic", judgement="shortfall"
    )
    response = officer_client.get(reverse("findings:finding-detail", args=[finding.pk]))
    newest = response.context["changes"][0]
    assert [(c.label, c.old, c.new) for c in newest.fields] == [
        ("Judgement", "Not yet reviewed", "Shortfall")
    ]
    assert "Judgement: Not yet reviewed → <strong>Shortfall</strong>" in response.content.decode()


def test_a_broad_search_stops_counting_at_the_cap(officer_client, cqc_framework, monkeypatch):
    from findings.views.findings import FindingListView

    monkeypatch.setattr(FindingListView, "SEARCH_COUNT_CAP", 30)
    topic = TopicFactory()
    FindingFactory.create_batch(32, topic=topic, text="Carers said safeguarding was slow.")
    FindingFactory(topic=topic, text="Nothing to do with it.")
    url = reverse("findings:finding-list")
    response = officer_client.get(url, {"q": "safeguarding"})
    paginator = response.context["paginator"]
    assert paginator.capped
    assert paginator.count == 30
    assert paginator.num_pages == 2
    page = response.content.decode()
    assert "More than 30 findings match this search; the first 30 are listed." in page
    assert "1–25 of more than 30" in page
    # Under the cap: the exact number, as before.
    narrow = officer_client.get(url, {"q": "nothing"})
    assert not narrow.context["paginator"].capped
    assert narrow.context["paginator"].count == 1
    # Without a search the list is not capped at all.
    assert officer_client.get(url).context["paginator"].count == 33

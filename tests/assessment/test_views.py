from http import HTTPStatus

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Assessment, Organisation
from tests.assessment.factories import AssessmentFactory, OrganisationFactory, score_all
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(cqc_framework, officer, manager):
    northshire = OrganisationFactory(name="Northshire County Council")
    make_member(officer, northshire, "officer")
    make_member(manager, northshire, "manager")
    return AssessmentFactory(organisation=northshire)


# --- login and permissions -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    ["dashboard", "assessment:assessment-list", "assessment:organisation-list"],
)
def test_every_page_needs_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("login"))


def test_login_page_is_public(client):
    response = client.get(reverse("login"))
    assert response.status_code == HTTPStatus.OK
    assert b"Log in" in response.content


def test_user_without_role_gets_403(client, nobody, assessment):
    client.force_login(nobody)
    assert client.get(reverse("assessment:assessment-list")).status_code == HTTPStatus.FORBIDDEN
    assert (
        client.get(reverse("assessment:assessment-detail", args=[assessment.pk])).status_code
        == HTTPStatus.FORBIDDEN
    )


def test_officer_cannot_create_organisations(officer_client):
    url = reverse("assessment:organisation-create")
    assert officer_client.get(url).status_code == HTTPStatus.FORBIDDEN
    response = officer_client.post(url, {"name": "Sneaky Council", "kind": "local_authority"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Organisation.objects.filter(name="Sneaky Council").exists()


def test_managers_do_not_create_organisations_either(manager_client):
    """Administrators do (tests/assessment/members/test_roles_page.py)."""
    response = manager_client.post(
        reverse("assessment:organisation-create"),
        {"name": "Westmoor Council", "kind": "local_authority", "code": "E06000001"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Organisation.objects.filter(name="Westmoor Council").exists()


def test_score_post_without_change_permission_is_403(client, assessment):
    from tests.factories import UserFactory, make_member

    reader = make_member(UserFactory(username="reader"), assessment.organisation, "viewer").user
    client.force_login(reader)
    url = reverse("assessment:statement-detail", args=[assessment.pk, "safeguarding"])
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert b"Score this statement" not in page.content
    assert client.post(url, {"score": "3"}).status_code == HTTPStatus.FORBIDDEN
    assert not assessment.scores.filter(score__isnull=False).exists()


# --- assessments -----------------------------------------------------------------------------


def test_officer_creates_assessment_with_cqc_framework_by_default(officer_client, cqc_framework):
    organisation = OrganisationFactory()
    form_page = officer_client.get(reverse("assessment:assessment-create"))
    assert form_page.context["form"].initial["framework"] == cqc_framework
    response = officer_client.post(
        reverse("assessment:assessment-create"),
        {
            "organisation": organisation.pk,
            "framework": cqc_framework.pk,
            "title": "ASC 2025",
            "status": "planned",
            "start_date": "03/02/2025",
        },
    )
    assessment = Assessment.objects.get(title="ASC 2025")
    assert response.url == assessment.get_absolute_url()
    assert assessment.start_date.isoformat() == "2025-02-03"  # UK date form accepted
    assert assessment.scores.count() == 9


def test_assessment_form_reports_dates_in_wrong_order(officer_client, cqc_framework):
    response = officer_client.post(
        reverse("assessment:assessment-create"),
        {
            "organisation": OrganisationFactory().pk,
            "framework": cqc_framework.pk,
            "title": "Backwards",
            "status": "planned",
            "start_date": "2025-05-01",
            "end_date": "2025-04-01",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["end_date"] == [
        "The end date must be on or after the start date."
    ]
    assert not Assessment.objects.filter(title="Backwards").exists()


def test_assessment_list_filters_and_paginates(officer_client, officer, cqc_framework):
    northshire = OrganisationFactory(name="Northshire")
    southshire = OrganisationFactory(name="Southshire")
    make_member(officer, northshire, "viewer")
    make_member(officer, southshire, "viewer")
    for _ in range(30):
        AssessmentFactory(organisation=northshire)
    AssessmentFactory(organisation=southshire, title="South only")
    AssessmentFactory(organisation=OrganisationFactory(name="Westshire"), title="Not theirs")
    AssessmentFactory(status=Assessment.Status.PUBLISHED, title="Published one")

    response = officer_client.get(reverse("assessment:assessment-list"))
    assert response.context["paginator"].count == 32
    assert len(response.context["object_list"]) == 25

    response = officer_client.get(
        reverse("assessment:assessment-list"), {"organisation": northshire.pk, "page": 2}
    )
    assert response.context["paginator"].count == 30
    assert len(response.context["object_list"]) == 5
    assert b"South only" not in response.content

    response = officer_client.get(reverse("assessment:assessment-list"), {"status": "published"})
    assert [a.title for a in response.context["object_list"]] == ["Published one"]


def test_assessment_list_query_count_is_fixed(
    officer_client, cqc_framework, django_assert_max_num_queries
):
    for i in range(55):
        score_all(AssessmentFactory(), [3] * 9 if i % 2 else [2] * 9)
    with django_assert_max_num_queries(9):
        response = officer_client.get(reverse("assessment:assessment-list"))
    assert response.status_code == HTTPStatus.OK
    assert b"75%" in response.content
    assert b"50%" in response.content


@pytest.mark.parametrize(
    ("scores", "text"),
    [
        ([3] * 9, "75%</strong> Good"),
        ([2] * 9, "50%</strong> Requires improvement"),
        ([3] * 8 + [4], "78%</strong> Good"),
    ],
)
def test_assessment_detail_shows_overall_rating(officer_client, assessment, scores, text):
    score_all(assessment, scores)
    response = officer_client.get(reverse("assessment:assessment-detail", args=[assessment.pk]))
    assert text in response.content.decode()
    assert "Provisional" not in response.content.decode()


def test_assessment_detail_is_provisional_until_all_scored(officer_client, assessment):
    score_all(assessment, [3, 3, 3, None, None, None, None, None, 2])
    response = officer_client.get(reverse("assessment:assessment-detail", args=[assessment.pk]))
    content = response.content.decode()
    assert "Provisional: 4 of 9 scored" in content
    assert "Score: 2 – Evidence shows some shortfalls" in content
    assert content.index("Assessing needs") < content.index("Learning, improvement and innovation")


def test_assessment_detail_query_count(officer_client, assessment, django_assert_max_num_queries):
    score_all(assessment, [3] * 9)
    # Includes the panels other apps add (findings counts, actions): fixed, whatever the rows.
    with django_assert_max_num_queries(12):
        response = officer_client.get(reverse("assessment:assessment-detail", args=[assessment.pk]))
    assert response.status_code == HTTPStatus.OK


# --- statement page --------------------------------------------------------------------------


def test_statement_page_shows_framework_text(officer_client, assessment):
    url = reverse("assessment:statement-detail", args=[assessment.pk, "assessing-needs"])
    content = officer_client.get(url).content.decode()
    assert "What people expect" in content
    assert "I have care and support that is coordinated" in content
    assert "The local authority commitment" in content
    assert "We maximise the effectiveness of people&#x27;s care" in content


def test_leadership_statement_has_no_expectations_block(officer_client, assessment):
    url = reverse(
        "assessment:statement-detail", args=[assessment.pk, "learning-improvement-innovation"]
    )
    assert "What people expect" not in officer_client.get(url).content.decode()


def test_officer_scores_statement_and_history_records_it(officer_client, officer, assessment):
    url = reverse("assessment:statement-detail", args=[assessment.pk, "safeguarding"])
    response = officer_client.post(url, {"score": "2", "summary": "Gaps in learning."})
    assert response.status_code == HTTPStatus.FOUND
    record = assessment.scores.get(statement__slug="safeguarding")
    assert record.score == 2
    officer_client.post(url, {"score": "3", "summary": "Gaps in learning."})
    content = officer_client.get(url).content.decode()
    assert "Evidence shows some shortfalls → <strong>Evidence shows a good standard</strong>" in (
        content
    )
    assert "Not yet scored → <strong>Evidence shows some shortfalls</strong>" in content
    assert officer.get_full_name() in content


def test_invalid_score_shows_message_and_saves_nothing(officer_client, assessment):
    url = reverse("assessment:statement-detail", args=[assessment.pk, "safeguarding"])
    response = officer_client.post(url, {"score": "7", "summary": "x"})
    assert response.status_code == HTTPStatus.OK
    assert "Choose a score from 1 to 4" in response.content.decode()
    assert assessment.scores.get(statement__slug="safeguarding").score is None


def test_two_people_saving_the_same_score(officer_client, officer, manager_client, assessment):
    url = reverse("assessment:statement-detail", args=[assessment.pk, "safeguarding"])
    # Both open the page at version 1.
    version = officer_client.get(url).context["form"]["version"].value()
    assert manager_client.get(url).context["form"]["version"].value() == version == 1
    saved = officer_client.post(
        url, {"score": "2", "summary": "Gaps in learning.", "version": version}
    )
    assert saved.status_code == HTTPStatus.FOUND
    response = manager_client.post(
        url, {"score": "4", "summary": "Exceptional practice.", "version": version}
    )
    assert response.status_code == HTTPStatus.OK  # refused, not saved over the officer's
    content = response.content.decode()
    assert f"Not saved: {officer.get_full_name()} changed this score" in content
    assert f"What {officer.get_full_name()} changed since you opened this score" in content
    changes = {c.field: c for c in response.context["conflict"].changes}
    # Rows are created unscored without a history record: "when you opened it" is blank.
    assert (changes["score"].yours_from, changes["score"].theirs) == (
        "",
        "2 - Evidence shows some shortfalls",
    )
    assert changes["summary"].theirs == "Gaps in learning."
    assert "<mark>Gaps in learning.</mark>" in content
    # The manager's own values are still in the form, now at the saved version.
    form = response.context["form"]
    assert (form["score"].value(), form["summary"].value()) == ("4", "Exceptional practice.")
    assert form.data["version"] == 2
    record = assessment.scores.get(statement__slug="safeguarding")
    assert (record.score, record.summary) == (2, "Gaps in learning.")
    # Saving again, having seen the officer's change, goes through.
    manager_client.post(url, {"score": "4", "summary": "Exceptional practice.", "version": 2})
    record.refresh_from_db()
    assert (record.score, record.version) == (4, 3)


def test_unscoring_a_statement_makes_result_provisional(officer_client, assessment):
    score_all(assessment, [3] * 9)
    url = reverse("assessment:statement-detail", args=[assessment.pk, "safeguarding"])
    officer_client.post(url, {"score": "", "summary": ""})
    assessment = Assessment.objects.with_results().get(pk=assessment.pk)
    assert str(assessment.result) == "75% Good (provisional)"


def test_statement_page_query_count_with_long_history(
    officer_client, assessment, django_assert_max_num_queries
):
    record = assessment.scores.get(statement__slug="safeguarding")
    for i in range(60):
        services.set_statement_score(
            user=None, score_record=record, score=1 + i % 4, summary=f"v{i}"
        )
    url = reverse("assessment:statement-detail", args=[assessment.pk, "safeguarding"])
    # Includes the panels other apps add (findings, actions): fixed, whatever the rows.
    with django_assert_max_num_queries(16):
        response = officer_client.get(url)
    assert len(response.context["score_history"]) == 50


def test_unknown_statement_is_404(officer_client, assessment):
    url = reverse("assessment:statement-detail", args=[assessment.pk, "nope"])
    assert officer_client.get(url).status_code == HTTPStatus.NOT_FOUND


# --- organisations and dashboard -------------------------------------------------------------


def test_organisation_list_query_count(
    officer, officer_client, cqc_framework, django_assert_max_num_queries
):
    for i in range(55):
        make_member(officer, OrganisationFactory(name=f"Council {i:02d}"), "viewer")
    for i in range(5):
        OrganisationFactory(name=f"Not theirs {i}")
    # +1 since memberships: the user's, read once per request.
    with django_assert_max_num_queries(8):
        response = officer_client.get(reverse("assessment:organisation-list"))
    assert response.context["paginator"].count == 56  # and the officer's own council


def test_organisation_detail_query_count(
    officer_client, cqc_framework, django_assert_max_num_queries
):
    organisation = OrganisationFactory()
    for _ in range(55):
        AssessmentFactory(organisation=organisation)
    # 6 for the page and its assessments, 1 for the action plans panel (actions registers it),
    # 1 for the user's memberships (read once per request), 1 for the metrics panel, 1 for the
    # evidence panel's counts, 1 for the navbar's unread notifications.
    with django_assert_max_num_queries(11):
        response = officer_client.get(organisation.get_absolute_url())
    assert response.status_code == HTTPStatus.OK


def test_dashboard_counts_by_status(officer_client, cqc_framework, django_assert_max_num_queries):
    for _ in range(52):
        AssessmentFactory(status=Assessment.Status.IN_PROGRESS)
    AssessmentFactory(status=Assessment.Status.PUBLISHED)
    # +2 for the readiness panel: the latest assessments (5 at most), then their checks;
    # +1 for the learning panel's counts, +1 for the navbar's unread notifications, +1 for
    # the data versions the officer's figures are kept under.
    with django_assert_max_num_queries(13):
        response = officer_client.get(reverse("dashboard"))
    counts = {value: count for value, _, count in response.context["status_counts"]}
    assert counts == {"planned": 0, "in_progress": 52, "report_drafted": 0, "published": 1}


def test_dashboard_for_user_without_role(client, nobody):
    client.force_login(nobody)
    response = client.get(reverse("dashboard"))
    assert response.status_code == HTTPStatus.OK


def test_large_unfiltered_lists_show_an_estimated_total(cqc_framework):
    from django.db import connection

    from assessment.models import Assessment
    from core.pagination import LargeTablePaginator

    AssessmentFactory.create_batch(3)
    queryset = Assessment.objects.order_by("pk")
    exact = LargeTablePaginator(queryset, 25, estimate=True)
    assert exact.count == 3  # small tables are counted exactly
    assert not exact.estimated
    # Only PostgreSQL keeps the planner's estimate; elsewhere every list is counted exactly.
    on_postgresql = connection.vendor == "postgresql"
    if on_postgresql:
        with connection.cursor() as cursor:
            # Pretend the planner believes the table is huge (rolled back with the test).
            cursor.execute(
                "UPDATE pg_class SET reltuples = 2000000 "
                "WHERE oid = 'assessment_assessment'::regclass"
            )
    big = LargeTablePaginator(queryset, 25, estimate=True)
    assert big.estimated is on_postgresql
    assert big.count == (2_000_000 if on_postgresql else 3)
    filtered = LargeTablePaginator(queryset.filter(pk__gt=0), 25, estimate=True)
    assert filtered.count == 3  # filtered lists are always exact
    assert LargeTablePaginator(queryset, 25).count == 3  # views that do not ask: exact

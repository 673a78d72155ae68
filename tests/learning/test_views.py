"""The learning pages: each shows what it should, refuses bad input with a clear message and
changes nothing, and pins its query count with 50+ rows."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.models import Acknowledgement, EffectivenessCheck, LearningBrief, SARRecommendation
from tests.factories import UserFactory, make_member
from tests.learning.factories import (
    BriefFactory,
    CheckFactory,
    RecommendationFactory,
    ReviewFactory,
    TeamFactory,
    acknowledge,
    team_of,
)

pytestmark = pytest.mark.django_db


def test_publishing_with_no_audience_says_so_and_changes_nothing(manager_client, organisation):
    brief = BriefFactory(organisation=organisation, teams=[TeamFactory(organisation=organisation)])
    response = manager_client.post(reverse("learning:brief-publish", args=[brief.pk]), follow=True)
    assert "Nobody would receive this brief" in response.content.decode()
    assert LearningBrief.objects.get().status == LearningBrief.Status.DRAFT


def test_acknowledging_twice_on_the_page_is_refused_clearly(officer_client, officer, organisation):
    brief = BriefFactory(organisation=organisation, people=[officer], published=True)
    url = reverse("learning:brief-acknowledge", args=[brief.pk])
    first = officer_client.post(url, {"reflection": "Noted."}, follow=True)
    assert "your acknowledgement is recorded" in first.content.decode()
    assert "You acknowledged this brief on" in first.content.decode()
    second = officer_client.post(url, {}, follow=True)
    assert "it is recorded once" in second.content.decode()
    assert Acknowledgement.objects.count() == 1


def test_not_embedded_without_follow_up_is_refused_on_the_form(
    officer_client, officer, organisation
):
    brief = BriefFactory(organisation=organisation, people=[officer], published=True)
    url = reverse("learning:check-create", args=[brief.pk])
    data = {
        "date": timezone.localdate().isoformat(),
        "method": "practice_observation",
        "result": "not_embedded",
        "evidence": "Three of five observed visits did not phone the provider.",
    }
    response = officer_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "choose a follow-up action or draft a re-brief" in response.content.decode()
    assert not EffectivenessCheck.objects.exists()
    response = officer_client.post(url, data | {"rebrief": "on"})
    assert response.status_code == HTTPStatus.FOUND
    assert EffectivenessCheck.objects.get().follow_up_brief.status == "draft"


def test_closing_a_recommendation_on_the_form_names_the_unchecked_briefs(
    manager_client, manager, organisation
):
    rec = RecommendationFactory(review__organisation=organisation, owner=manager)
    BriefFactory(organisation=organisation, recommendation=rec, title="Phone on the day")
    url = reverse("learning:recommendation-update", args=[rec.pk])
    data = {"number": rec.number, "text": rec.text, "owner": manager.pk, "status": "closed"}
    response = manager_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "“Phone on the day” have not been checked" in response.content.decode()
    assert SARRecommendation.objects.get().status == "open"


def test_a_brief_is_drafted_from_a_recommendation(officer_client, officer, organisation):
    rec = RecommendationFactory(review__organisation=organisation)
    team = team_of(organisation, "Deaf services", 3)
    url = reverse("learning:brief-create") + f"?recommendation={rec.pk}"
    assert rec.review.title in officer_client.get(url).content.decode()
    today = timezone.localdate()
    response = officer_client.post(
        url,
        {
            "title": "Book an interpreter before the visit",
            "what_happened": "A Deaf man's assessment went ahead without an interpreter.",
            "what_to_do": "Book a BSL interpreter when the visit is booked.",
            "audience_teams": [team.pk],
            "acknowledge_by": (today + datetime.timedelta(days=14)).isoformat(),
            "check_due": (today + datetime.timedelta(days=90)).isoformat(),
        },
    )
    brief = LearningBrief.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert (brief.recommendation, brief.organisation, brief.created_by) == (
        rec,
        organisation,
        officer,
    )
    assert list(brief.audience_teams.all()) == [team]


@pytest.fixture
def many(organisation, manager):
    """60 briefs (published, to a team of 55), 55 teams, 55 reviews with a recommendation."""
    team = team_of(organisation, "Everyone", 55)
    for index in range(55):
        TeamFactory(organisation=organisation, name=f"Team {index}")
        RecommendationFactory(review__organisation=organisation, owner=manager)
    people = list(team.members.all())
    briefs = [
        BriefFactory(organisation=organisation, teams=[team], published=True) for _ in range(60)
    ]
    for person in people[:20]:
        acknowledge(briefs[0], person)
    CheckFactory(brief=briefs[0])
    return {"brief": briefs[0], "team": team, "people": people}


# Each page's count includes the per-request ones: the session, the user, and their
# memberships and permissions (one query since assessment.tenancy.load_access).
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("learning:brief-list", 8),
        ("learning:team-list", 7),
        ("learning:review-list", 7),
    ],
)
def test_lists_pin_their_queries(manager_client, many, django_assert_num_queries, name, queries):
    with django_assert_num_queries(queries):
        response = manager_client.get(reverse(name))
    assert response.status_code == HTTPStatus.OK


def test_brief_and_reach_pages_pin_their_queries(manager_client, many, django_assert_num_queries):
    brief = many["brief"]
    with django_assert_num_queries(15):
        page = manager_client.get(reverse("learning:brief-detail", args=[brief.pk]))
    assert "20 of 55" in page.content.decode()
    with django_assert_num_queries(10):
        reach = manager_client.get(reverse("learning:brief-reach", args=[brief.pk]))
    assert reach.context["reach"].overall.percent == 36
    assert len(reach.context["reach"].overall.outstanding) == 35


def test_review_page_and_report_pin_their_queries(
    manager_client, organisation, many, django_assert_num_queries
):
    review = ReviewFactory(organisation=organisation)
    for _ in range(55):
        rec = RecommendationFactory(review=review)
        BriefFactory(organisation=organisation, recommendation=rec)
    with django_assert_num_queries(7):
        manager_client.get(reverse("learning:review-detail", args=[review.pk]))
    with django_assert_num_queries(11):
        report = manager_client.get(reverse("learning:report", args=[organisation.pk]))
    assert len(report.context["report"].briefs) == 60


def test_dashboard_shows_low_reach_and_overdue_checks(
    manager_client, manager, organisation, officer, django_assert_num_queries
):
    team = team_of(organisation, "Reablement", 4)
    low = BriefFactory(organisation=organisation, teams=[team], published=True, title="Low one")
    acknowledge(low, team.members.first())
    overdue = BriefFactory(
        organisation=organisation,
        people=[officer],
        published=True,
        title="Overdue check",
        check_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    acknowledge(overdue, officer)
    # The panel's counts, then its two lists: 3 queries whatever the number of briefs.
    from django.test import RequestFactory

    from learning.panels import dashboard_learning

    request = RequestFactory().get("/")
    request.user = manager
    dashboard_learning(request, None)  # the user's roles and permissions, read once
    with django_assert_num_queries(3):
        panel = dashboard_learning(request, None)
    assert [brief.title for brief in panel.context["low_reach"]] == ["Low one"]
    page = manager_client.get(reverse("dashboard")).content.decode()
    assert "Low one</a>: 1 of 4 acknowledged" in page
    assert "Overdue check</a>: due" in page


def test_a_person_outside_the_audience_sees_no_acknowledge_button(organisation, client):
    outsider = UserFactory(username="outsider")
    make_member(outsider, organisation, "officer")
    brief = BriefFactory(
        organisation=organisation, people=[], teams=[team_of(organisation, "T", 1)], published=True
    )
    client.force_login(outsider)
    page = client.get(reverse("learning:brief-detail", args=[brief.pk])).content.decode()
    assert "I have read and understood" not in page


def test_an_attachment_is_uploaded_with_the_draft_and_served_to_readers(
    officer_client, officer, organisation
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    brief = BriefFactory(organisation=organisation, people=[officer])
    url = reverse("learning:brief-update", args=[brief.pk])
    form = officer_client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in form
    data = {
        "title": brief.title,
        "what_happened": brief.what_happened,
        "what_to_do": brief.what_to_do,
        "audience_people": [officer.pk],
        "acknowledge_by": brief.acknowledge_by.isoformat(),
        "check_due": brief.check_due.isoformat(),
    }
    refused = officer_client.post(
        url, data | {"attachment": SimpleUploadedFile("guide.pdf", b"MZ not a pdf")}
    )
    assert "does not contain what its name says" in refused.content.decode()
    assert not brief.attachments.exists()
    guide = SimpleUploadedFile("guide.pdf", b"%PDF-1.7 the practice guide")
    assert officer_client.post(url, data | {"attachment": guide}).status_code == HTTPStatus.FOUND
    attachment = brief.attachments.get()
    response = officer_client.get(attachment.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 the practice guide"


def test_my_briefs_to_acknowledge(officer_client, officer, organisation):
    mine = BriefFactory(organisation=organisation, people=[officer], published=True, title="Mine")
    done = BriefFactory(organisation=organisation, people=[officer], published=True, title="Done")
    acknowledge(done, officer)
    BriefFactory(organisation=organisation, teams=[team_of(organisation, "T", 2)], published=True)
    response = officer_client.get(reverse("learning:brief-list"), {"mine": "true"})
    assert [brief.title for brief in response.context["object_list"]] == [mine.title]


def test_the_brief_page_says_when_the_acknowledge_by_date_has_passed(
    officer_client, officer, organisation
):
    today = timezone.localdate()
    brief = BriefFactory(organisation=organisation, people=[officer], published=True)
    url = reverse("learning:brief-detail", args=[brief.pk])
    LearningBrief.objects.filter(pk=brief.pk).update(acknowledge_by=today)
    page = officer_client.get(url).content.decode()
    assert f"acknowledge it below</a> by {today:%-d %B %Y}." in page
    passed = today - datetime.timedelta(days=7)
    LearningBrief.objects.filter(pk=brief.pk).update(acknowledge_by=passed)
    page = officer_client.get(url).content.decode()
    assert f"acknowledge it below</a>: it was due by {passed:%-d %B %Y}." in page
    assert f"Acknowledge by {passed:%-d %B %Y} (passed)" in page

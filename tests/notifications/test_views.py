"""The notifications page (a person's own, newest first, paginated), marking read, the count
in the navigation bar, and the preferences page."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse

from notifications import kinds, services
from notifications.models import Notification
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:notification-list")


def unread_badge(response) -> str:
    """The navigation bar's count as printed ("" when there is no badge)."""
    html = response.content.decode()
    marker = 'data-testid="unread-count">'
    if marker not in html:
        return ""
    return html.split(marker, 1)[1].split("<", 1)[0]


def test_the_list_is_mine_newest_first_in_fixed_queries(
    officer_client, officer, manager, organisation, django_assert_max_num_queries
):
    NotificationFactory.create_batch(55, user=officer, organisation=organisation)
    newest = NotificationFactory(user=officer, organisation=organisation, subject="Newest one")
    NotificationFactory(user=manager, organisation=organisation, subject="The manager's")
    # session, user, memberships, the navigation's permissions (2), the page's count and rows,
    # the unread count
    with django_assert_max_num_queries(8):
        response = officer_client.get(LIST)
    assert response.status_code == HTTPStatus.OK
    shown = list(response.context["notifications"])
    assert shown[0] == newest
    assert len(shown) == settings.PAGE_SIZE
    assert response.context["paginator"].count == 56
    assert "The manager's" not in response.content.decode()
    assert unread_badge(response) == "56"


def test_the_empty_state(officer_client):
    response = officer_client.get(LIST)
    assert "You have no notifications." in response.content.decode()
    assert unread_badge(response) == ""


def test_the_navbar_counts_the_unread_on_other_pages(officer_client, officer, organisation):
    NotificationFactory.create_batch(3, user=officer, organisation=organisation)
    read = NotificationFactory(user=officer, organisation=organisation)
    Notification.objects.filter(pk=read.pk).update(read_at="2025-06-30T09:00Z")
    response = officer_client.get(reverse("dashboard"))
    assert unread_badge(response) == "3"


def test_open_marks_read_and_goes_to_the_page(officer_client, officer, organisation):
    notification = NotificationFactory(user=officer, organisation=organisation, url="/plans/9/")
    url = reverse("notifications:notification-read", args=[notification.pk])
    response = officer_client.post(url, {"open": "1"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/plans/9/"
    notification.refresh_from_db()
    assert notification.is_read
    assert unread_badge(officer_client.get(LIST)) == ""


def test_an_unread_title_opens_through_the_form_that_marks_it_read(
    officer_client, officer, organisation
):
    """Clicking an unread notification's title marks it read (it submits the Open form);
    a read one's title is a plain link."""
    unread = NotificationFactory(user=officer, organisation=organisation, subject="Unread one")
    read = NotificationFactory(user=officer, organisation=organisation, subject="Read one")
    Notification.objects.filter(pk=read.pk).update(read_at="2025-06-30T09:00Z")
    html = officer_client.get(LIST).content.decode()
    title = html.split('data-testid="open-title"', 1)[0].rsplit("<button", 1)[1]
    assert f'form="read-{unread.pk}"' in title
    assert 'name="open" value="1"' in title
    form = reverse("notifications:notification-read", args=[unread.pk])
    assert f'action="{form}" id="read-{unread.pk}"' in html
    assert html.count('data-testid="open-title"') == 1  # not the read one's
    assert f'<a href="{read.url}" class="fw-semibold">Read one</a>' in html


def test_mark_read_stays_on_the_list_and_all_read_clears_the_count(
    officer_client, officer, organisation
):
    first, *_ = NotificationFactory.create_batch(3, user=officer, organisation=organisation)
    response = officer_client.post(reverse("notifications:notification-read", args=[first.pk]))
    assert response.url == LIST
    assert unread_badge(officer_client.get(LIST)) == "2"
    response = officer_client.post(reverse("notifications:notification-read-all"), follow=True)
    assert "Marked 2 notifications read." in response.content.decode()
    assert unread_badge(response) == ""


def test_another_persons_notification_is_a_404_and_stays_unread(
    officer_client, manager, organisation
):
    theirs = NotificationFactory(user=manager, organisation=organisation)
    url = reverse("notifications:notification-read", args=[theirs.pk])
    assert officer_client.post(url, {"open": "1"}).status_code == HTTPStatus.NOT_FOUND
    assert officer_client.get(url).status_code == HTTPStatus.NOT_FOUND
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_preferences_page_shows_and_saves_each_kind(officer_client, officer):
    url = reverse("notifications:preferences")
    response = officer_client.get(url)
    form = response.context["form"]
    assert set(form.fields) == set(kinds.KINDS)
    assert form.initial[kinds.PLAN_APPROVED] == "email"
    choices = dict.fromkeys(kinds.KINDS, "email") | {
        kinds.PLAN_APPROVED: "digest",
        kinds.ACTION_ASSIGNED: "in_app",
    }
    response = officer_client.post(url, choices, follow=True)
    assert "Your notification preferences are saved." in response.content.decode()
    chosen = services.preferences(officer)
    assert (chosen[kinds.PLAN_APPROVED], chosen[kinds.ACTION_ASSIGNED]) == ("digest", "in_app")
    assert response.context["form"].initial[kinds.ACTION_ASSIGNED] == "in_app"


def test_a_bad_preference_is_refused_on_its_field_and_nothing_saved(officer_client, officer):
    url = reverse("notifications:preferences")
    choices = dict.fromkeys(kinds.KINDS, "email") | {kinds.PLAN_APPROVED: "pigeon"}
    response = officer_client.post(url, choices)
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors[kinds.PLAN_APPROVED]
    assert not officer.notification_preferences.exists()

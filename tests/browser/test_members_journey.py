"""A manager invites someone by e-mail in a real Chromium; the invitee opens the e-mailed link,
chooses a username and password and lands in the organisation; the link then works no more."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessment.models import Membership
from tests.assessment.factories import OrganisationFactory
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_invites_a_member_who_accepts(page, live_server, login, cqc_framework):
    council = OrganisationFactory(name="Northshire County Council")
    manager = UserFactory(username="manager", first_name="Morgan", last_name="Manager")
    make_member(manager, council, "manager")
    login("manager")

    page.goto(f"{live_server.url}{council.get_absolute_url()}")
    page.get_by_role("link", name="members and invitations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Members of Northshire County Council"
    )
    page.get_by_role("link", name="Invite by e-mail").click()
    page.get_by_label("E-mail address").fill("priya.shah@example.org")
    page.get_by_label("Role").select_option(label="Officer")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Invitation sent to priya.shah@example.org."
    )
    expect(page.get_by_test_id("invitations")).to_contain_text("priya.shah@example.org")

    link = re.search(r"https?://\S+/invitations/accept/[\w-]+/", mail.outbox[-1].body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Northshire County Council")
    page.get_by_label("Username").fill("priya")
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Password*", exact=True).fill("Careful-Harbour-Lantern-81")
    page.get_by_label("Password confirmation*", exact=True).fill("Careful-Harbour-Lantern-81")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("status").first).to_contain_text(
        "Welcome, Priya Shah: you are an officer of Northshire County Council."
    )
    assert Membership.objects.get(user__username="priya").role == "officer"

    # The same link again: used once, it says so and changes nothing.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_test_id("invitation-unusable")).to_contain_text(
        "This invitation has already been used"
    )

    login("manager")
    page.goto(f"{live_server.url}/organisations/{council.pk}/members/")
    expect(page.get_by_test_id("members")).to_contain_text("Priya Shah")
    expect(page.get_by_text("None waiting.")).to_be_visible()

"""The daily run: today's notices (a complaint's response due in 3 working days, once per
complaint), then ONE e-mail per person per day with every registered section that has lines
for them and the notifications they chose to get in the digest."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from complaints.models import Complaint
from core.people import person_name
from notifications import digest, kinds, services
from notifications.models import DigestSent, Notification
from notifications.sending import send_digests
from tests.complaints.factories import ComplaintFactory
from tests.jobs.helpers import run_worker

pytestmark = pytest.mark.django_db

# A Friday before the August bank holiday (Monday 25 August 2025): 3 working days on is
# Thursday 28 August.
FRIDAY = datetime.date(2025, 8, 22)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def brief_section(monkeypatch, officer, manager):
    """A section another app would register (briefs to acknowledge), for the officer only."""
    monkeypatch.setattr(digest, "_sections", dict(digest._sections))

    def briefs(today):
        line = digest.DigestLine("Learning from SAR Adult B", "/briefs/4/", due=today + DAY)
        return {officer.pk: [line]}

    digest.register_section("Briefs to acknowledge", briefs, order=30)


def run_daily(day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_daily_digest", "--date", day.isoformat())
    run_worker()


def test_a_section_is_sent_once_a_day_with_absolute_links(
    brief_section, officer, django_capture_on_commit_callbacks
):
    run_daily(FRIDAY, django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert email.to == ["olu@example.org"]
    assert email.subject == "Your daily digest for 22 August 2025: 1 item"
    assert "BRIEFS TO ACKNOWLEDGE (1)" in email.body
    assert "- Learning from SAR Adult B\n  Due 23 Aug 2025" in email.body
    assert "https://tracker.example.gov.uk/briefs/4/" in email.body
    assert "https://tracker.example.gov.uk/notifications/preferences/" in email.body
    run_daily(FRIDAY, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert DigestSent.objects.get().line_count == 1
    run_daily(FRIDAY + DAY, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2  # the next day's


def test_digest_notifications_come_once_in_the_one_email_with_the_sections(
    brief_section, organisation, officer, django_capture_on_commit_callbacks
):
    services.set_preferences(user=officer, choices={kinds.PLAN_APPROVED: kinds.Delivery.DIGEST})
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            kinds.PLAN_APPROVED,
            [officer],
            organisation=organisation,
            subject="Plan approved: Safeguarding learning",
            url="/plans/3/",
        )
    run_worker()
    assert mail.outbox == []  # not at once
    run_daily(FRIDAY, django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert email.subject == "Your daily digest for 22 August 2025: 2 items"
    assert "BRIEFS TO ACKNOWLEDGE (1)" in email.body
    assert "NOTIFICATIONS (1)\n- Plan approved: Safeguarding learning" in email.body
    assert "https://tracker.example.gov.uk/plans/3/" in email.body
    run_daily(FRIDAY + DAY, django_capture_on_commit_callbacks)
    assert "Plan approved" not in mail.outbox[1].body  # listed once, on the first day


def test_in_app_only_never_reaches_an_email(
    organisation, officer, django_capture_on_commit_callbacks
):
    services.set_preferences(user=officer, choices={kinds.PLAN_APPROVED: kinds.Delivery.IN_APP})
    services.notify(
        kinds.PLAN_APPROVED, [officer], organisation=organisation, subject="Approved", url="/"
    )
    run_daily(FRIDAY, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


@pytest.fixture
def due_complaints(organisation, officer, manager):
    """Open complaints of the officer's (named as people write names) due around the clock's
    3 working days from FRIDAY, and others that must not be noticed."""
    name = f"  {person_name(officer).upper()} "

    def complaint(reference, due, **extra):
        return ComplaintFactory(
            organisation=organisation,
            reference=reference,
            date_received=FRIDAY - 20 * DAY,
            response_due=due,
            investigating_officer=extra.pop("officer", name),
            **extra,
        )

    return [
        complaint("DUE-THU", datetime.date(2025, 8, 28)),
        complaint("DUE-TUE", datetime.date(2025, 8, 26), officer="olu"),  # by username
        complaint("DUE-FRI", datetime.date(2025, 8, 29)),  # 4 working days: not yet
        complaint("LATE", datetime.date(2025, 8, 21)),  # already overdue: the lists show it
        complaint(
            "ANSWERED",
            datetime.date(2025, 8, 27),
            status=Complaint.Status.RESPONDED,
            date_responded=FRIDAY - DAY,
            outcome=Complaint.Outcome.UPHELD,
        ),
        complaint("NOBODY", datetime.date(2025, 8, 27), officer="Someone from the agency"),
    ]


def test_a_response_due_in_3_working_days_tells_the_officer_once(
    due_complaints, officer, django_capture_on_commit_callbacks
):
    run_daily(FRIDAY, django_capture_on_commit_callbacks)
    notices = Notification.objects.filter(kind=kinds.COMPLAINT_RESPONSE_DUE)
    assert sorted(notices.values_list("subject", flat=True)) == [
        "Complaint DUE-THU: response due 28 August 2025",
        "Complaint DUE-TUE: response due 26 August 2025",
    ]
    assert set(notices.values_list("user", flat=True)) == {officer.pk}
    assert sorted(m.subject for m in mail.outbox) == sorted(
        notices.values_list("subject", flat=True)
    )
    run_daily(FRIDAY, django_capture_on_commit_callbacks)
    run_daily(FRIDAY + 3 * DAY, django_capture_on_commit_callbacks)  # Monday: a bank holiday
    assert notices.count() == 2  # Friday 29th is still 4 working days away
    run_daily(FRIDAY + 4 * DAY, django_capture_on_commit_callbacks)
    assert notices.count() == 3  # DUE-FRI's turn came; no complaint was told twice
    assert notices.filter(subject__startswith="Complaint DUE-FRI").exists()
    assert len(mail.outbox) == 3


def test_a_new_agreed_date_is_a_new_notice(
    due_complaints, officer, django_capture_on_commit_callbacks
):
    run_daily(FRIDAY, django_capture_on_commit_callbacks)
    Complaint.objects.filter(reference="DUE-THU").update(response_due=datetime.date(2025, 8, 27))
    run_daily(FRIDAY + DAY, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(subject__startswith="Complaint DUE-THU").count() == 2


def test_two_members_of_the_same_name_are_not_guessed_between(
    due_complaints, officer, organisation, django_capture_on_commit_callbacks
):
    from assessment.roles import OFFICER
    from tests.factories import UserFactory, make_member

    twin = UserFactory(username="twin", first_name=officer.first_name, last_name=officer.last_name)
    make_member(twin, organisation, OFFICER)
    send_digests(today=FRIDAY)
    subjects = set(Notification.objects.values_list("subject", flat=True))
    assert subjects == {"Complaint DUE-TUE: response due 26 August 2025"}  # by username only

"""The annual complaints report is computed once per version of an organisation's complaints
(complaints/selectors/cached.py); the database changes the version with every write the report
depends on, so the page never shows a stale figure."""

import datetime

import pytest
from django.urls import reverse

from complaints.models import BankHoliday, Complaint, complaints_version
from tests.complaints.factories import ComplaintFactory, load_bank_holidays

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_url(organisation):
    load_bank_holidays()
    ComplaintFactory.create_batch(3, organisation=organisation)
    return reverse("complaints:complaints-report") + f"?organisation={organisation.pk}&year=2023"


def test_the_second_request_reads_no_complaints(
    manager_client, report_url, django_assert_max_num_queries
):
    first = manager_client.get(report_url).context["report"]
    # The session (in the database without Redis), the user, their access, the organisation,
    # the version, the organisation select, the navigation bar's unread notifications.
    with django_assert_max_num_queries(7) as captured:
        second = manager_client.get(report_url).context["report"]
    assert not [q for q in captured.captured_queries if '"complaints_complaint"' in q["sql"]]
    assert second.received.current == first.received.current == 3


def test_every_write_the_report_depends_on_changes_the_version(organisation, report_url):
    seen = [complaints_version(organisation)]

    def changed() -> bool:
        seen.append(complaints_version(organisation))
        return seen[-1] != seen[-2]

    complaint = Complaint.objects.filter(organisation=organisation).first()
    ComplaintFactory(organisation=organisation)
    assert changed()
    Complaint.objects.filter(pk=complaint.pk).update(outcome=Complaint.Outcome.UPHELD)
    assert changed()
    complaint.category.name = "Renamed"
    complaint.category.save()
    assert changed()
    complaint.service_area.name = "Renamed too"
    complaint.service_area.save()
    assert changed()
    BankHoliday.objects.create(date=datetime.date(2023, 6, 2), name="A local holiday")
    assert changed()
    Complaint.objects.filter(pk=complaint.pk).delete()
    assert changed()
    # A bulk insert (an import) changes it once.
    Complaint.objects.bulk_create(
        [
            Complaint(
                organisation=organisation,
                reference=f"BULK-{n}",
                date_received=datetime.date(2023, 7, 1),
                summary="Bulk.",
            )
            for n in range(50)
        ]
    )
    assert seen[-1] + 1 == complaints_version(organisation)


def test_a_renamed_category_shows_at_once(manager_client, organisation, report_url):
    before = manager_client.get(report_url).context["report"]
    category = Complaint.objects.filter(organisation=organisation).first().category
    assert category.name in {row.label for row in before.categories}
    category.name = "Communication, renamed"
    category.save()
    after = manager_client.get(report_url).context["report"]
    assert "Communication, renamed" in {row.label for row in after.categories}

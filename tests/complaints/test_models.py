"""The statutory clock and the rules of a complaint record, computed by the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from complaints.models import Complaint
from complaints.models.clock import BankHoliday, financial_year_bounds, financial_year_label
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import ComplaintFactory, load_bank_holidays

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bank_holidays(db):
    load_bank_holidays()


D = datetime.date


def clock(complaint, today=None):
    return Complaint.objects.with_clock(today).get(pk=complaint.pk)


@pytest.mark.parametrize(
    ("received", "acknowledged", "working_days"),
    [
        (D(2023, 6, 5), D(2023, 6, 5), 0),  # Monday, same day
        (D(2023, 6, 5), D(2023, 6, 8), 3),  # Monday -> Thursday
        (D(2023, 6, 9), D(2023, 6, 12), 1),  # Friday -> Monday: the weekend does not count
        (D(2023, 6, 9), D(2023, 6, 14), 3),  # Friday -> Wednesday
        (D(2023, 6, 9), D(2023, 6, 15), 4),  # Friday -> Thursday: late
        (D(2023, 6, 10), D(2023, 6, 12), 1),  # Saturday -> Monday
        (D(2023, 6, 11), D(2023, 6, 11), 0),  # Sunday, same day
        (D(2023, 6, 1), D(2023, 6, 30), 21),  # a whole month of June 2023: 22 weekdays - 1
        (D(2023, 12, 22), D(2023, 12, 28), 2),  # Friday -> Thursday over Christmas, Boxing Day
        (D(2023, 4, 6), D(2023, 4, 12), 2),  # Thursday -> Wednesday over Easter 2023
        (D(2022, 12, 30), D(2024, 1, 2), 252),  # over a year: see the day-by-day test below
    ],
)
def test_working_days_to_acknowledge(received, acknowledged, working_days):
    complaint = ComplaintFactory(date_received=received, date_acknowledged=acknowledged)
    annotated = clock(complaint)
    assert annotated.ack_working_days == working_days
    assert annotated.acknowledged_on_time is (working_days <= 3)


def test_long_span_matches_a_day_by_day_count():
    """The closed formula against the plain definition, over a span with bank holidays."""
    received, acknowledged = D(2022, 12, 30), D(2024, 1, 2)
    holidays = set(BankHoliday.objects.values_list("date", flat=True))
    expected = sum(
        1
        for n in range(1, (acknowledged - received).days + 1)
        if (day := received + datetime.timedelta(days=n)).isoweekday() <= 5 and day not in holidays
    )
    complaint = ComplaintFactory(date_received=received, date_acknowledged=acknowledged)
    assert clock(complaint).ack_working_days == expected


def test_unacknowledged_complaint_is_not_on_time():
    annotated = clock(ComplaintFactory(date_acknowledged=None))
    assert annotated.ack_working_days is None
    assert annotated.acknowledged_on_time is False


def test_days_to_respond_and_overdue():
    responded = ComplaintFactory(
        date_received=D(2023, 6, 1),
        date_responded=D(2023, 7, 1),
        status="responded",
        outcome="upheld",
    )
    late = ComplaintFactory(date_received=D(2023, 6, 1), response_due=D(2023, 7, 1))
    not_yet = ComplaintFactory(date_received=D(2023, 6, 1), response_due=D(2023, 8, 1))
    today = D(2023, 7, 11)
    assert clock(responded, today).days_to_respond == 30
    assert clock(responded, today).is_overdue is False
    assert clock(late, today).is_overdue is True
    assert clock(late, today).days_overdue == 10
    assert clock(not_yet, today).is_overdue is False
    assert list(Complaint.objects.overdue(today)) == [late]


@pytest.mark.parametrize(
    ("received", "year"),
    [(D(2023, 3, 31), 2022), (D(2023, 4, 1), 2023), (D(2024, 3, 31), 2023), (D(2024, 1, 5), 2023)],
)
def test_financial_year(received, year):
    complaint = ComplaintFactory(date_received=received)
    assert clock(complaint).financial_year == year
    assert Complaint.objects.in_financial_year(year).filter(pk=complaint.pk).exists()
    assert not Complaint.objects.in_financial_year(year + 1).filter(pk=complaint.pk).exists()


def test_financial_year_helpers():
    assert financial_year_bounds(2023) == (D(2023, 4, 1), D(2024, 3, 31))
    assert financial_year_label(2023) == "2023/24"
    assert financial_year_label(1999) == "1999/00"


def test_dates_before_receipt_are_refused_with_a_message():
    complaint = ComplaintFactory.build(
        date_received=D(2023, 6, 5),
        date_acknowledged=D(2023, 6, 4),
        date_responded=D(2023, 5, 1),
    )
    complaint.organisation.save()
    complaint.category.organisation = complaint.organisation
    with pytest.raises(ValidationError) as error:
        complaint.clean()
    assert error.value.message_dict["date_acknowledged"] == [
        "A complaint cannot be acknowledged before it was received (5 Jun 2023)."
    ]
    assert "date_responded" in error.value.message_dict


def test_outcome_required_once_responded_and_lgsco_decision_only_when_decided():
    complaint = ComplaintFactory()
    complaint.status = Complaint.Status.RESPONDED
    complaint.lgsco_decision = Complaint.LgscoDecision.UPHELD
    with pytest.raises(ValidationError) as error:
        complaint.full_clean()
    assert error.value.message_dict["outcome"] == [
        "Give the outcome of a complaint that is responded to (or close it without a decision "
        "if it was not investigated)."
    ]
    assert error.value.message_dict["lgsco_decision"] == [
        "An Ombudsman decision can only be recorded once the referral is decided."
    ]
    complaint.lgsco_status = Complaint.LgscoStatus.DECIDED
    complaint.lgsco_decision = ""
    with pytest.raises(ValidationError) as error:
        complaint.full_clean()
    assert error.value.message_dict["lgsco_decision"] == ["Give the Ombudsman's decision."]


def test_database_refuses_a_response_before_receipt():
    complaint = ComplaintFactory(date_received=D(2023, 6, 5))
    with pytest.raises(IntegrityError):
        Complaint.objects.filter(pk=complaint.pk).update(date_responded=D(2023, 6, 1))


def test_category_of_another_organisation_is_refused():
    mine = ComplaintFactory()
    theirs = ComplaintFactory(organisation=OrganisationFactory(name="Elsewhere"))
    mine.category = theirs.category
    with pytest.raises(ValidationError) as error:
        mine.full_clean()
    assert "belongs to another organisation" in error.value.message_dict["category"][0]


def test_edits_keep_history():
    complaint = ComplaintFactory()
    complaint.summary = "Changed"
    complaint.save()
    assert [h.summary for h in complaint.history.order_by("history_id")] == [
        "The visit was cancelled without notice.",
        "Changed",
    ]

"""Bank holidays come from the `holidays` package for any year, are filled before a complaint of
a new year is written, and what an administrator changed stays through a later sync."""

import datetime
import io
from http import HTTPStatus

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from complaints.bank_holidays import england_bank_holidays, ensure_years
from complaints.importer import import_complaints
from complaints.models import BankHoliday, BankHolidayYear, Complaint
from tests.assessment.factories import OrganisationFactory
from tests.complaints.factories import ComplaintFactory, load_bank_holidays

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def bank_holidays(db):
    load_bank_holidays()


def working_days(complaint) -> int:
    return Complaint.objects.with_clock().get(pk=complaint.pk).ack_working_days


def forget_year(year: int) -> None:
    """As if the year had never been filled (a year beyond what the migration filled)."""
    BankHoliday.objects.filter(date__year=year).delete()
    BankHolidayYear.objects.filter(year=year).delete()


@pytest.mark.parametrize(
    ("received", "acknowledged", "expected"),
    [
        # Thursday before Easter 2028 -> the Wednesday after: Good Friday (14 April) and Easter
        # Monday (17 April) are not working days, so 2 (on time), not 4 (late).
        (D(2028, 4, 13), D(2028, 4, 19), 2),
        # Friday before Christmas 2028 -> Thursday: Christmas Day (Monday 25) and Boxing Day
        # (Tuesday 26) are not working days.
        (D(2028, 12, 22), D(2028, 12, 28), 2),
        # New Year's Day 2033 is a Saturday: its substitute, Monday 3 January, is not counted.
        (D(2032, 12, 31), D(2033, 1, 4), 1),
    ],
)
def test_the_clock_counts_bank_holidays_after_2027(received, acknowledged, expected):
    complaint = ComplaintFactory(date_received=received, date_acknowledged=acknowledged)
    annotated = Complaint.objects.with_clock().get(pk=complaint.pk)
    assert annotated.ack_working_days == expected
    assert annotated.acknowledged_on_time is True


def test_the_package_gives_the_days_off_named_as_gov_uk_names_them():
    days = england_bank_holidays([2027])
    assert days[D(2027, 12, 27)] == "Christmas Day (substitute day)"
    assert days[D(2027, 12, 28)] == "Boxing Day (substitute day)"
    assert D(2027, 12, 25) not in days  # a Saturday: its substitute is the day off
    assert len(days) == 8


def test_recording_a_complaint_fills_its_year_first(officer_client):
    forget_year(2021)
    organisation = OrganisationFactory()
    response = officer_client.post(
        reverse("complaints:complaint-create"),
        {
            "organisation": organisation.pk,
            "reference": "EASTER-21",
            # Thursday 1 April 2021 -> Wednesday 7 April, over Good Friday and Easter Monday.
            "date_received": "01/04/2021",
            "date_acknowledged": "07/04/2021",
            "relationship": "family",
            "procedure": "statutory",
            "status": "open",
            "lgsco_status": "none",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert BankHolidayYear.objects.filter(year=2021).exists()
    assert BankHoliday.objects.filter(date__year=2021).count() == 8
    assert working_days(Complaint.objects.get(reference="EASTER-21")) == 2


def test_importing_complaints_fills_their_years_first():
    forget_year(2021)
    forget_year(2019)
    organisation = OrganisationFactory()
    result = import_complaints(
        user=None,
        organisation=organisation,
        filename="complaints.csv",
        content=(
            b"reference,date_received,date_acknowledged\n"
            b"A-1,2021-04-01,2021-04-07\n"
            b"A-2,2019-12-24,2019-12-30\n"
        ),
    )
    assert result.created == 2
    assert set(
        BankHolidayYear.objects.filter(year__in=[2019, 2021]).values_list("year", flat=True)
    ) == {
        2019,
        2021,
    }
    # Tuesday 24 December 2019 -> Monday 30th: Christmas and Boxing Day fall between.
    assert working_days(Complaint.objects.get(reference="A-2")) == 2


def test_ensure_years_reads_once_when_every_year_is_filled(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert ensure_years(range(2020, 2030)) == []


def test_a_filled_year_keeps_an_administrators_changes_through_a_sync():
    BankHoliday.objects.filter(date=D(2028, 5, 1)).delete()  # the council works May Day
    BankHoliday.objects.create(date=D(2028, 7, 3), name="County show day")

    call_command("sync_bank_holidays", "--years", "2026-2030", stdout=(out := io.StringIO()))

    dates = set(BankHoliday.objects.filter(date__year=2028).values_list("date", flat=True))
    assert D(2028, 5, 1) not in dates
    assert D(2028, 7, 3) in dates
    assert "left as they are: 2026-2030 (--replace to refill them)" in out.getvalue()
    complaint = ComplaintFactory(date_received=D(2028, 6, 30), date_acknowledged=D(2028, 7, 4))
    assert working_days(complaint) == 1  # Friday -> Tuesday over the county show


def test_replace_puts_back_exactly_the_packages_days():
    BankHoliday.objects.filter(date=D(2028, 5, 1)).delete()
    BankHoliday.objects.create(date=D(2028, 7, 3), name="County show day")
    BankHoliday.objects.filter(date=D(2028, 12, 25)).update(name="Renamed")

    call_command(
        "sync_bank_holidays", "--years", "2028", "--replace", stdout=(out := io.StringIO())
    )

    assert dict(BankHoliday.objects.filter(date__year=2028).values_list("date", "name")) == (
        england_bank_holidays([2028])
    )
    assert "Replaced 2028: 8 bank holidays on weekdays." in out.getvalue()


def test_sync_fills_a_year_not_filled_yet():
    forget_year(2040)
    call_command("sync_bank_holidays", "--years", "2040", stdout=(out := io.StringIO()))
    assert BankHoliday.objects.filter(date__year=2040).count() == 8
    assert "Filled 2040: 8 bank holidays on weekdays." in out.getvalue()


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ("twenty", "--years “twenty” is not a year or a range of years: write e.g. 2028"),
        ("2035-2020", "--years 2035-2020: the first year comes after the last."),
        ("1900-1910", "--years 1900-1910: give years from 1990 to 2200."),
    ],
)
def test_sync_says_what_is_wrong_with_the_years(years, message):
    with pytest.raises(CommandError) as error:
        call_command("sync_bank_holidays", "--years", years)
    assert message in str(error.value)


def test_a_local_holiday_added_in_the_admin_counts(admin_client):
    response = admin_client.post(
        reverse("admin:complaints_bankholiday_add"),
        {"date": "2028-07-03", "name": "County show day"},
    )
    assert response.status_code == HTTPStatus.FOUND
    complaint = ComplaintFactory(date_received=D(2028, 6, 30), date_acknowledged=D(2028, 7, 4))
    assert working_days(complaint) == 1

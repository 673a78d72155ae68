"""The date bounds on model fields (core/validators.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions.models import Action, EffectivenessReview, ProgressUpdate
from assessment.models import Assessment
from complaints.models import Complaint
from core.validators import EARLIEST_DATE, not_in_future, within_a_year, within_ten_years
from findings.models import Evidence

DAY = datetime.timedelta(days=1)


def test_the_bounds_include_their_ends():
    today = timezone.localdate()
    not_in_future(EARLIEST_DATE)
    not_in_future(today)
    within_a_year(today + 366 * DAY)
    within_ten_years(today + 3653 * DAY)
    not_in_future(None)  # blank is the field's business


@pytest.mark.parametrize(
    ("validator", "value", "message"),
    [
        (not_in_future, lambda: timezone.localdate() + DAY, "to today."),
        (not_in_future, lambda: datetime.date(1989, 12, 31), "31 Dec 1989 is out of range"),
        (within_a_year, lambda: datetime.date(9999, 12, 31), "31 Dec 9999 is out of range"),
        (within_ten_years, lambda: timezone.localdate() + 3654 * DAY, "from 1 Jan 1990 to "),
    ],
)
def test_out_of_bounds_says_what_and_where_to(validator, value, message):
    with pytest.raises(ValidationError) as error:
        validator(value())
    assert message in error.value.messages[0]
    assert error.value.code == "date_out_of_range"


@pytest.mark.parametrize(
    ("model", "field", "validator"),
    [
        (Complaint, "date_received", not_in_future),
        (Complaint, "date_acknowledged", not_in_future),
        (Complaint, "date_responded", not_in_future),
        (Complaint, "response_due", within_a_year),
        (Evidence, "date", within_a_year),
        (Assessment, "start_date", within_a_year),
        (Assessment, "end_date", within_a_year),
        (Assessment, "published_date", within_a_year),
        (Action, "due_date", within_ten_years),
        (ProgressUpdate, "date", not_in_future),
        (EffectivenessReview, "date", not_in_future),
    ],
)
def test_each_typed_date_carries_its_bound(model, field, validator):
    assert validator in model._meta.get_field(field).validators

import datetime

import pytest
from django.db import IntegrityError

from actions.models import Action, Rag, rag_for
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2025, 6, 30)
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("today", "status", "expected"),
    [
        (DUE - DAY, Action.Status.IN_PROGRESS, Rag.AMBER),  # the day before
        (DUE, Action.Status.IN_PROGRESS, Rag.AMBER),  # the day itself: not yet overdue
        (DUE + DAY, Action.Status.IN_PROGRESS, Rag.RED),  # the day after: overdue
        (DUE - 14 * DAY, Action.Status.NOT_STARTED, Rag.AMBER),  # 14 days ahead: amber
        (DUE - 15 * DAY, Action.Status.NOT_STARTED, Rag.GREEN),  # 15 days ahead: on track
        (DUE - 60 * DAY, Action.Status.BLOCKED, Rag.RED),  # blocked is red whatever the date
        (DUE + 30 * DAY, Action.Status.COMPLETE, Rag.GREEN),  # complete is green even if late
    ],
)
def test_rag_in_python_and_in_the_database_agree(today, status, expected, cqc_framework):
    assert rag_for(status=status, due_date=DUE, today=today) == expected
    action = ActionFactory(due_date=DUE, status=status)
    assert action.current_rag(today) == expected
    annotated = Action.objects.with_rag(today).get(pk=action.pk)
    assert annotated.rag == expected


def test_overdue_and_due_within_are_database_filters(cqc_framework):
    today = datetime.date(2025, 6, 30)
    late = ActionFactory(due_date=today - DAY)
    ActionFactory(due_date=today - DAY, status=Action.Status.COMPLETE)
    due_today = ActionFactory(due_date=today)
    ActionFactory(due_date=today + 8 * DAY)
    assert list(Action.objects.overdue(today)) == [late]
    assert list(Action.objects.due_within(7, today)) == [due_today]


def test_completed_on_is_set_exactly_when_complete(cqc_framework):
    action = ActionFactory()
    with pytest.raises(IntegrityError):
        Action.objects.filter(pk=action.pk).update(status=Action.Status.COMPLETE)

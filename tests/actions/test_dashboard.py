import datetime
import io
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions import selectors, services
from actions.charts import status_chart
from actions.models import Action, ActionStatusSnapshot
from tests.actions.factories import ActionFactory, ReviewFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_dashboard_figures_are_counted_by_the_database(
    manager_client, approved_plan, finding, manager, django_assert_max_num_queries
):
    today = timezone.localdate()
    for i in range(52):
        ActionFactory(plan=approved_plan, due_date=today + (i % 40 - 5) * DAY)
    ActionFactory(plan=approved_plan, status=Action.Status.BLOCKED, due_date=today + 90 * DAY)
    ReviewFactory(action__plan=approved_plan, reviewer=manager, outcome="not_effective")
    # Unrecorded past weeks are counted from the dates (one query); recorded ones read back.
    # 2 of them the readiness panel's (the latest assessments, then their checks); 1 the
    # user's memberships, read once per request; 1 the learning panel's counts; 1 the navbar's
    # unread notifications.
    with django_assert_max_num_queries(19):
        manager_client.get(reverse("dashboard"))
    services.record_action_snapshots()
    with django_assert_max_num_queries(18):
        response = manager_client.get(reverse("dashboard"))
    dash = response.context["actions"]
    assert dash.total == 54
    # due offsets -5..34 repeat over 52 actions: -5..-1 appear twice for i < 12 and once after
    expected_overdue = sum(1 for i in range(52) if i % 40 - 5 < 0)
    assert dash.overdue == expected_overdue
    assert {f.label: f.count for f in dash.by_status}["Blocked"] == 1
    rag = {f.label: f.count for f in dash.by_rag}
    assert rag["Red"] == expected_overdue + 1
    assert sum(rag.values()) == 54
    assert {f.label: f.count for f in dash.reviews}["Not effective"] == 1
    assert [a.unanswered for a in dash.unanswered] == [1]  # the fixture's shortfall finding
    content = response.content.decode()
    assert (
        f"{reverse('actions:unanswered-shortfalls')}?assessment={finding.topic.assessment_id}"
        in content
    )
    assert 'role="img"' in content  # the inline SVG chart
    assert "Week ending" in content  # and its numbers as a table


def test_officers_see_their_own_counts(officer_client, officer_action):
    response = officer_client.get(reverse("dashboard"))
    assert response.status_code == HTTPStatus.OK
    assert "actions" not in response.context
    assert response.context["my_actions"]["open"] == 1


def test_chart_reconstructs_weeks_from_dates(approved_plan):
    today = datetime.date(2025, 6, 30)
    action = ActionFactory(plan=approved_plan, due_date=today - 3 * DAY)
    Action.objects.filter(pk=action.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 5, 1))
    )
    weeks = selectors.status_over_time(today=today, weeks=12)
    assert weeks[-1].overdue == 1  # today: overdue
    assert weeks[-2].on_track == 1  # a week ago: due in 3 days
    assert weeks[0].total == 0  # 11 weeks ago it did not exist
    chart = status_chart(weeks)
    assert len(chart.segments) == sum(1 for w in weeks if w.total)


def test_chart_keeps_what_was_true_on_the_day(approved_plan):
    """Past days are recorded by the daily command; a later change of an action's dates
    changes today's bar, not the history."""
    today = datetime.date(2025, 6, 30)
    action = ActionFactory(plan=approved_plan, due_date=today + 3 * DAY)
    Action.objects.filter(pk=action.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 5, 1))
    )
    recorded = services.record_action_snapshots(today=today)
    assert len(recorded) == 84  # the 12 weeks before today
    before = selectors.status_over_time(today=today, weeks=4)
    assert [(w.on_track, w.overdue) for w in before] == [(1, 0)] * 4
    Action.objects.filter(pk=action.pk).update(due_date=today - 30 * DAY)  # re-dated
    after = selectors.status_over_time(today=today, weeks=4)
    assert [(w.on_track, w.overdue) for w in after] == [(1, 0)] * 3 + [(0, 1)]
    assert ActionStatusSnapshot.objects.count() == 84
    assert not ActionStatusSnapshot.objects.filter(date=today).exists()  # today is not over


def test_recording_is_idempotent_and_fills_only_missing_days(approved_plan):
    today = datetime.date(2025, 6, 30)
    ActionFactory(plan=approved_plan, due_date=today - 3 * DAY)
    assert len(services.record_action_snapshots(today=today)) == 84
    assert services.record_action_snapshots(today=today) == []
    assert services.record_action_snapshots(today=today + DAY) == [today]
    assert ActionStatusSnapshot.objects.count() == 85


def test_the_command_says_what_it_recorded(approved_plan):
    out = io.StringIO()
    call_command("record_action_snapshots", stdout=out)
    assert out.getvalue().startswith("Recorded 84 days: ")
    out = io.StringIO()
    call_command("record_action_snapshots", stdout=out)
    assert out.getvalue().strip() == "Nothing to record: every past day of the chart is recorded."


def test_showing_the_dashboard_writes_nothing(manager_client, approved_plan):
    """Reads never write: unrecorded past weeks are counted from the dates, not recorded."""
    ActionFactory(plan=approved_plan, due_date=timezone.localdate() - 3 * DAY)
    with CaptureQueriesContext(connection) as queries:
        response = manager_client.get(reverse("dashboard"))
    assert len(response.context["actions"].chart) == 12
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert [sql for sql in writes if "django_session" not in sql] == []
    assert not ActionStatusSnapshot.objects.exists()


def test_dashboard_today_agrees_with_its_figures(manager_client, approved_plan):
    today = timezone.localdate()
    ActionFactory.create_batch(3, plan=approved_plan, due_date=today - 2 * DAY)
    ActionFactory.create_batch(2, plan=approved_plan, due_date=today + 20 * DAY)
    ActionFactory(plan=approved_plan, status=Action.Status.COMPLETE, completed_on=today)
    dash = manager_client.get(reverse("dashboard")).context["actions"]
    now = dash.chart[-1]
    assert (now.complete, now.on_track, now.overdue) == (1, 2, 3)
    assert now.total == dash.total == 6


def test_snapshots_are_recorded_and_read_per_organisation(approved_plan):
    """Each organisation's days are recorded apart (zeros for one without actions), and the
    chart of some organisations sums only theirs, recorded or counted."""
    from tests.assessment.factories import AssessmentFactory, OrganisationFactory

    today = datetime.date(2025, 6, 30)
    here = approved_plan.organisation
    there = OrganisationFactory(name="Thereshire")
    quiet = OrganisationFactory(name="Quietshire")
    elsewhere = ActionFactory(
        plan__assessment=AssessmentFactory(organisation=there), due_date=today - 3 * DAY
    )
    for action in (ActionFactory(plan=approved_plan, due_date=today + 3 * DAY), elsewhere):
        Action.objects.filter(pk=action.pk).update(
            created_at=timezone.make_aware(datetime.datetime(2025, 5, 1))
        )

    def chart(organisations):
        ids = None if organisations is None else [org.pk for org in organisations]
        weeks = selectors.status_over_time(today=today, weeks=2, organisation_ids=ids)
        return [(w.on_track, w.overdue) for w in weeks]

    counted = {key: chart(orgs) for key, orgs in [("here", [here]), ("all", None)]}
    assert counted == {"here": [(1, 0), (1, 0)], "all": [(2, 0), (1, 1)]}
    assert chart([quiet]) == [(0, 0), (0, 0)]
    services.record_action_snapshots(today=today)
    for organisation in (here, there, quiet):
        assert ActionStatusSnapshot.objects.filter(organisation=organisation).count() == 84
    week_ago = ActionStatusSnapshot.objects.get(organisation=there, date=today - 7 * DAY)
    assert (week_ago.on_track, week_ago.overdue) == (1, 0)
    # Recorded past weeks read back the same, per organisation.
    assert chart([here]) == counted["here"]
    assert chart([here, there]) == chart(None) == counted["all"]


def test_the_officers_dashboard_highlights_their_overdue_actions(
    officer_client, officer, approved_plan, django_assert_max_num_queries
):
    """It gave the count only, like any other; now the overdue actions themselves, most
    overdue first, with how late each is."""
    today = timezone.localdate()
    for i in range(55):
        ActionFactory(
            plan=approved_plan, owner=officer, title=f"Late {i}", due_date=today - (i + 1) * DAY
        )
    ActionFactory(plan=approved_plan, owner=officer, title="On time", due_date=today + 5 * DAY)
    ActionFactory(plan=approved_plan, title="Someone else's", due_date=today - 90 * DAY)
    # with the memberships (once per request), the readiness panel's latest assessments and
    # the learning panel's counts, the navbar's unread notifications, and the data versions
    # the officer's figures are kept under (a first visit: the figures are counted too)
    with django_assert_max_num_queries(14):
        response = officer_client.get(reverse("dashboard"))
    page = response.content.decode()
    box = page[page.index('data-testid="my-overdue"') :]
    box = box[: box.index("</div>")]
    assert "55 of your actions are overdue" in box
    assert box.index("Late 54") < box.index("Late 53")  # most overdue first
    assert "overdue by 55 days" in box
    assert "On time" not in box
    assert "Someone else" not in box
    assert "All 55 overdue" in box
    assert "rag-card-red" in page[page.index('data-testid="my-overdue-count"') - 80 :][:200]

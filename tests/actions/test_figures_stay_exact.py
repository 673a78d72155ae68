"""Figures stay exact: whatever is kept to make a page fast (a cached report, a maintained
flag, a counter) changes with the write that changes the figure. A new complaint, action or
effectiveness review shows on the very next request of every page that counts it, with no
waiting for anything to expire."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import services as action_services
from actions.models import Action, EffectivenessReview
from complaints.models import Complaint
from complaints.models.clock import financial_year_of
from complaints.services import save_complaint
from tests.actions.factories import ActionFactory, ShortfallFindingFactory, verified_complete
from tests.complaints.factories import ComplaintCategoryFactory, load_bank_holidays

pytestmark = pytest.mark.django_db


def _get(client, name, *args, query=""):
    response = client.get(reverse(name, args=args) + query)
    assert response.status_code == 200
    return response


def _complaint_figures(client, organisation, year) -> dict[str, int]:
    dashboard = _get(client, "dashboard").context["complaints"]
    report = _get(
        client, "complaints:complaints-report", query=f"?organisation={organisation.pk}&year={year}"
    ).context["report"]
    listed = _get(client, "complaints:complaint-list").context["paginator"].count
    return {
        "dashboard open": dashboard["open"],
        "report received": report.received.current,
        "report open": report.still_open.current,
        "list": listed,
    }


def test_a_new_complaint_shows_on_the_next_request_of_every_page(
    manager_client, manager, organisation
):
    load_bank_holidays()
    today = timezone.localdate()
    year = financial_year_of(today)
    before = _complaint_figures(manager_client, organisation, year)
    complaint = Complaint(
        organisation=organisation,
        reference="EXACT-1",
        date_received=today,
        category=ComplaintCategoryFactory(organisation=organisation),
        summary="Nobody called back.",
    )
    save_complaint(complaint=complaint, user=manager)
    after = _complaint_figures(manager_client, organisation, year)
    assert after == {key: value + 1 for key, value in before.items()}
    # And a change of one: closing it takes it out of the open figures at once.
    Complaint.objects.filter(pk=complaint.pk).update(status=Complaint.Status.CLOSED)
    closed = _complaint_figures(manager_client, organisation, year)
    assert closed["report open"] == before["report open"]
    assert closed["dashboard open"] == before["dashboard open"]


def _action_figures(client, assessment, plan) -> dict[str, int]:
    dashboard = _get(client, "dashboard").context["actions"]
    unanswered = {row.pk: row.unanswered for row in dashboard.unanswered}
    return {
        "dashboard total": dashboard.total,
        "dashboard overdue": dashboard.overdue,
        "dashboard unanswered": unanswered.get(assessment.pk, 0),
        "unanswered list": _get(client, "actions:unanswered-shortfalls").context["paginator"].count,
        "overdue list": _get(client, "actions:overdue").context["paginator"].count,
        "plan actions": len(_get(client, "actions:plan-detail", plan.pk).context["actions"]),
    }


def test_a_new_action_shows_on_the_next_request_of_every_page(
    manager_client, manager, approved_plan, assessment
):
    findings = ShortfallFindingFactory.create_batch(2, topic__assessment=assessment)
    before = _action_figures(manager_client, assessment, approved_plan)
    statement_url = reverse(
        "assessment:statement-detail", args=[assessment.pk, findings[0].topic.statement.slug]
    )
    assert "Call every family back" not in manager_client.get(statement_url).content.decode()
    action = Action(
        plan=approved_plan,
        title="Call every family back",
        owner=manager,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
        success_measure="Every family called.",
    )
    action_services.create_action(action=action, user=manager, findings=[findings[0]])
    after = _action_figures(manager_client, assessment, approved_plan)
    assert after == {
        "dashboard total": before["dashboard total"] + 1,
        "dashboard overdue": before["dashboard overdue"] + 1,
        "dashboard unanswered": before["dashboard unanswered"] - 1,
        "unanswered list": before["unanswered list"] - 1,
        "overdue list": before["overdue list"] + 1,
        "plan actions": before["plan actions"] + 1,
    }
    assert "Call every family back" in manager_client.get(statement_url).content.decode()
    # Unlinking the finding makes it unanswered again, at once.
    action.findings.clear()
    unlinked = _action_figures(manager_client, assessment, approved_plan)
    assert unlinked["dashboard unanswered"] == before["dashboard unanswered"]
    assert unlinked["unanswered list"] == before["unanswered list"]


def test_a_new_review_shows_on_the_next_request_of_every_page(
    manager_client, manager, approved_plan
):
    action = ActionFactory(plan=approved_plan, owner=manager)
    verified_complete(action)
    action.refresh_from_db()

    def figures():
        dashboard = _get(manager_client, "dashboard").context["actions"]
        return {
            "reviews": {f.label: f.count for f in dashboard.reviews}["Effective"],
            "awaiting review": dashboard.awaiting_review,
            "list": _get(manager_client, "actions:action-list", query="?review=effective")
            .context["paginator"]
            .count,
        }

    before = figures()
    action_services.record_review(
        action=action,
        reviewer=manager,
        outcome=EffectivenessReview.Outcome.EFFECTIVE,
        evidence="An audit of 20 cases.",
        no_follow_up_reason="It worked.",
    )
    assert figures() == {
        "reviews": before["reviews"] + 1,
        "awaiting review": before["awaiting review"] - 1,
        "list": before["list"] + 1,
    }


def test_an_officers_own_figures_change_on_the_next_request(
    officer_client, officer, approved_plan, assessment
):
    """The officer's dashboard figures are kept under the data versions: an action given to
    them, made overdue, or a new shortfall shows at once."""

    def mine():
        counts = _get(officer_client, "dashboard").context["my_actions"]
        return {key: counts[key] for key in ("open", "overdue", "unanswered")}

    before = mine()
    action = ActionFactory(plan=approved_plan, owner=officer)
    assert mine() == {**before, "open": before["open"] + 1}
    Action.objects.filter(pk=action.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert mine() == {**before, "open": before["open"] + 1, "overdue": before["overdue"] + 1}
    ShortfallFindingFactory(topic__assessment=assessment)
    assert mine()["unanswered"] == before["unanswered"] + 1


def test_the_database_keeps_findings_answered_whatever_writes_the_links(approved_plan, assessment):
    """Finding.answered is the dashboard's fast path: added links set it, removing the last one
    clears it, and saving a finding read before a link changed cannot write it back."""
    from findings.models import Finding

    finding = ShortfallFindingFactory(topic__assessment=assessment)
    stale = Finding.objects.get(pk=finding.pk)
    first, second = ActionFactory.create_batch(2, plan=approved_plan)
    first.findings.add(finding)
    second.findings.add(finding)
    finding.refresh_from_db()
    assert finding.answered
    stale.text = "Edited by someone who read it before any action answered it."
    stale.save()
    finding.refresh_from_db()
    assert finding.answered
    first.findings.remove(finding)
    finding.refresh_from_db()
    assert finding.answered  # the second action still answers it
    second.delete()
    finding.refresh_from_db()
    assert not finding.answered

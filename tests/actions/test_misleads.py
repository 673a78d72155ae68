"""What misled on the action pages (the issue "Working at speed"): the findings search matched
only the shortened label; an action reviewed "not effective" read "Green: on track or
complete" on the plan, the report and the PDF; the plan PDF cut progress text with "..."."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionPlan, EffectivenessReview
from actions.plan_pdf import plan_pdf
from tests.actions.factories import (
    ActionFactory,
    ProgressUpdateFactory,
    ReviewFactory,
    ShortfallFindingFactory,
)
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

LONG = (
    "There were systems in place to obtain peoples feedback about their experiences of care "
    "and support. The local authority had carried out surveys in relation to carers "
    "experiences and staff. Partners informed us the local authority had now made unpaid "
    "carers a high priority on their agenda demonstrating a desire to learn from the "
    "feedback. Providers told us the "
    "recent carers forum had provided positive opportunities for carers to express their "
    "experiences however they were not aware of any feedback on outcomes."
)


def test_the_findings_search_reads_the_whole_text(manager_client, approved_plan):
    finding = ShortfallFindingFactory(topic__assessment=approved_plan.assessment, text=LONG)
    response = manager_client.get(reverse("actions:action-create", args=[approved_plan.pk]))
    page = response.content.decode()
    # The label is cut at 240 characters, before "forum"; the search reads data-search.
    option = re.search(rf'<input[^>]*value="{finding.pk}"[^>]*>', page).group(0)
    assert "carers forum" in option
    after = page.index(option) + len(option)
    label = page[after : page.index("</label>", after)]
    assert "forum" not in label


@pytest.fixture
def not_effective(approved_plan, manager):
    """A complete action reviewed "not effective", with its follow-up due in a week."""
    finding = ShortfallFindingFactory(topic__assessment=approved_plan.assessment)
    action = ActionFactory(
        plan=approved_plan, title="Tell carers what changed", status=Action.Status.COMPLETE
    )
    action.findings.add(finding)
    ReviewFactory(
        action=action,
        reviewer=manager,
        outcome=EffectivenessReview.Outcome.NOT_EFFECTIVE,
        evidence="Carers' survey: no change.",
    )
    follow_up = ActionFactory(
        plan=approved_plan,
        title="Write to every carer",
        follow_up_of=action,
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    follow_up.findings.add(finding)
    return action


def test_the_plan_shows_the_review_and_the_follow_up_not_green(manager_client, not_effective):
    response = manager_client.get(not_effective.plan.get_absolute_url())
    page = response.content.decode()
    row = page[page.index("Tell carers what changed") :]
    row = row[: row.index("</tr>")]
    assert "on track or complete" not in row
    assert 'data-testid="review-outcome">Not effective' in row
    assert "follow-up <a" in row
    assert "Write to every carer" in row
    assert "Amber" in row  # the follow-up's own RAG


def test_the_action_page_says_not_effective_where_its_rag_was(manager_client, not_effective):
    page = manager_client.get(not_effective.get_absolute_url()).content.decode()
    rag = page[page.index('data-testid="action-rag"') :]
    rag = rag[: rag.index("</dd>")]
    assert "Not effective" in rag
    assert "on track or complete" not in rag


def test_the_report_table_gains_the_review_outcome(manager_client, not_effective):
    url = reverse("findings:assessment-report", args=[not_effective.plan.assessment_id])
    page = manager_client.get(url).content.decode()
    assert '<th scope="col">Review</th>' in page
    row = page[page.index("Tell carers what changed") :]
    row = row[: row.index("</tr>")]
    assert "report-rag-green" not in row
    assert row.count("Not effective") == 2  # where the RAG was, and in the Review column
    assert "Follow-up: Write to every carer" in row


def test_the_plan_pdf_shows_the_review_and_whole_progress(not_effective):
    plan = not_effective.plan
    long_update = "We wrote to the carers' forum. " * 8 + "Every carer has been told."
    ProgressUpdateFactory(action=not_effective, text=long_update)
    ActionPlan.objects.filter(pk=plan.pk).update(title="Carers plan")
    text = pdf_text(plan_pdf(ActionPlan.objects.get(pk=plan.pk)))
    assert "Green" not in text  # the follow-up is Amber; the reviewed action shows its review
    assert "Not effective Follow-up: Write to every carer" in text
    assert "Every carer has been told." in text
    assert "..." not in text
    assert "…" not in text


def test_the_action_export_does_not_call_it_green(manager_client, not_effective):
    response = manager_client.get(reverse("actions:action-list"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    line = next(line for line in body.splitlines() if "Tell carers what changed" in line)
    assert ",Green," not in line
    assert "Reviewed not effective" in line

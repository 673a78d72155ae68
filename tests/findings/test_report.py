"""The published-style report: page, PDF (read back with pypdf), workbook, command."""

import datetime
import io
from http import HTTPStatus

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from findings.demo import SEED_REPORT
from findings.services.reports import import_report
from tests.assessment.factories import AssessmentFactory, OrganisationFactory, score_all
from tests.factories import make_member
from tests.findings.factories import FindingFactory, TopicFactory
from tests.jobs.helpers import run_worker
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(cqc_framework, officer):
    northshire = OrganisationFactory(name="Northshire County Council")
    make_member(officer, northshire, "officer")
    assessment = AssessmentFactory(
        organisation=northshire,
        title="Adult social care 2024",
        start_date=datetime.date(2024, 3, 4),
    )
    score_all(assessment, [3, 3, 2, 3, 3, 2, 2, 3, None])
    import_report(user=None, assessment=assessment, text=SEED_REPORT.read_text())
    return assessment


def test_report_pdf_holds_every_statement_score_and_the_seed_topics(officer_client, assessment):
    url = reverse("findings:assessment-report-pdf", args=[assessment.pk])
    officer_client.get(url)  # queues the build (tests/findings/test_report_pdf_jobs.py)
    run_worker()
    response = officer_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    for statement in assessment.framework.statements.all():
        assert statement.title in text
    for score, label in [
        (3, "Evidence shows a good standard"),
        (2, "Evidence shows some shortfalls"),
    ]:
        assert f"{score} - {label}" in text
    assert "Continuous learning, improvement and professional development" in text
    assert "Learning from feedback" in text
    # 3+3+2+3+3+2+2+3+2 = 23 of 36 -> 64%
    assert "Overall rating for Northshire County Council: 64% Good" in text
    assert "Contents" in text
    assert "Page 1 of" in text


def test_report_page_shows_summary_findings_and_pins_queries(
    officer_client, assessment, django_assert_max_num_queries
):
    statement = assessment.framework.statements.get(slug="safeguarding")
    topic = TopicFactory(assessment=assessment, statement=statement)
    FindingFactory.create_batch(60, topic=topic)
    with django_assert_max_num_queries(18):
        response = officer_client.get(reverse("findings:assessment-report", args=[assessment.pk]))
    content = response.content.decode()
    assert content.count('class="report-finding"') == 74
    assert "64% Good" in content
    assert "Key findings for this quality statement" in content


def test_report_xlsx_has_a_summary_and_a_sheet_per_statement(officer_client, assessment):
    response = officer_client.get(reverse("findings:assessment-report-xlsx", args=[assessment.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.sheetnames) == 10
    summary = list(workbook["Summary"].iter_rows(values_only=True))
    assert summary[1][:4] == (
        "How local authorities work with people",
        "Assessing needs",
        3,
        "Evidence shows a good standard",
    )
    assert summary[-1][3] == "64% Good"
    sheet = workbook[workbook.sheetnames[9]]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 15  # header + 14 findings
    assert isinstance(rows[1][6], datetime.datetime)


def test_export_report_command_writes_pdf_and_xlsx(assessment, tmp_path, capsys):
    pdf = tmp_path / "report.pdf"
    call_command("export_report", "--assessment", str(assessment.pk), "-o", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "9 statements, 14 findings" in capsys.readouterr().out
    xlsx = tmp_path / "report.xlsx"
    call_command(
        "export_report", "--assessment", str(assessment.pk), "--format", "xlsx", "-o", str(xlsx)
    )
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "Summary"


def test_report_needs_permission(client, nobody, assessment):
    client.force_login(nobody)
    for name in ("assessment-report", "assessment-report-pdf", "assessment-report-xlsx"):
        response = client.get(reverse(f"findings:{name}", args=[assessment.pk]))
        assert response.status_code == HTTPStatus.FORBIDDEN

"""The assessment report as a PDF (WeasyPrint) and as a workbook (one sheet per statement)."""

from __future__ import annotations

from django.template.loader import render_to_string

from assessment.pdf import render_pdf
from core.exports import Column, write_xlsx
from findings.selectors.report import AssessmentReport


def report_pdf(report: AssessmentReport) -> bytes:
    """Render the report's print template to a tagged PDF: cover, contents with page numbers,
    running header and page numbers, a new page for each theme."""
    html = render_to_string("findings/report/assessment_report_pdf.html", {"report": report})
    return render_pdf(html)


SUMMARY_COLUMNS = [
    Column("Theme", width=44),
    Column("Quality statement", width=44),
    Column("Score", "number", 8),
    Column("Label", width=40),
    Column("Findings", "number", 10),
    Column("Actions", "number", 10),
]
STATEMENT_COLUMNS = [
    Column("Topic", width=40),
    Column("Position", "number", 9),
    Column("Finding", width=90),
    Column("Source", width=18),
    Column("Evidence category", width=26),
    Column("Judgement", width=16),
    Column("Recorded", "datetime", 18),
]


def _summary_rows(report: AssessmentReport):
    for theme in report.themes:
        for item in theme.statements:
            yield (
                theme.theme.title,
                item.statement.title,
                item.score.score,
                item.score.label,
                item.finding_count,
                len(item.actions),
            )
    result = report.result
    yield (
        "Overall rating",
        f"{result.scored} of {result.expected} statements scored",
        None,
        str(result),
        None,
        None,
    )


def _statement_rows(item):
    for group in item.topics:
        for position, finding in enumerate(group.findings, start=1):
            yield (
                group.topic.title,
                position,
                finding.text,
                finding.get_source_display(),
                finding.get_evidence_category_display() or "",
                finding.get_judgement_display(),
                finding.recorded_at,
            )


def report_xlsx(report: AssessmentReport, handle) -> None:
    """Write the workbook: a summary sheet, then one sheet per statement."""
    summary_columns = list(SUMMARY_COLUMNS)
    sheets = [("Summary", summary_columns, _summary_rows(report))]
    for number, item in enumerate(report.statements, start=1):
        sheets.append(
            (f"{number} {item.statement.title}", STATEMENT_COLUMNS, _statement_rows(item))
        )
    write_xlsx(handle, sheets)

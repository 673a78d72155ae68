from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.models import Assessment
from findings.selectors.report import assessment_report
from findings.services import report_exports


class Command(BaseCommand):
    help = "Write an assessment's published-style report as a PDF or an Excel workbook."

    def add_arguments(self, parser):
        parser.add_argument("--assessment", type=int, required=True, help="Assessment ID")
        parser.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        parser.add_argument("-o", "--output", required=True, help="File to write")

    def handle(self, *args, assessment, format, output, **options):
        try:
            target = Assessment.objects.select_related("organisation", "framework").get(
                pk=assessment
            )
        except Assessment.DoesNotExist:
            raise CommandError(f"No assessment with ID {assessment}") from None
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist")
        report = assessment_report(target)
        if format == "pdf":
            path.write_bytes(report_exports.report_pdf(report))
        else:
            with path.open("wb") as handle:
                report_exports.report_xlsx(report, handle)
        findings = sum(s.finding_count for s in report.statements)
        self.stdout.write(
            f"Wrote {path} ({format.upper()}, {path.stat().st_size:,} bytes): "
            f"{len(report.statements)} statements, {findings} findings"
        )

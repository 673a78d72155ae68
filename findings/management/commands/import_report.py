from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.models import Assessment
from findings.services.reports import (
    ReportFormatError,
    ReportReadError,
    import_report,
    text_from_upload,
)


class Command(BaseCommand):
    help = (
        "Import quality statement sections of a published report (.txt or .pdf) into an "
        "assessment: scores, topics and findings. All or nothing; re-importing adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The report text (.txt) or PDF")
        parser.add_argument("--assessment", type=int, required=True, help="Assessment ID")

    def handle(self, *args, file, assessment, **options):
        try:
            target = Assessment.objects.select_related("framework").get(pk=assessment)
        except Assessment.DoesNotExist:
            raise CommandError(f"No assessment with ID {assessment}") from None
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        try:
            text = text_from_upload(path.name, data)
            # Run by whoever may run manage.py: trusted, as nobody in particular.
            results = import_report(assessment=target, text=text, user=None)
        except (ReportFormatError, ReportReadError) as exc:
            raise CommandError(f"Nothing imported from {path.name}: {exc}") from None
        for result in results:
            for warning in result.warnings:
                self.stderr.write(f"Warning: {warning}")
            self.stdout.write(result.line)

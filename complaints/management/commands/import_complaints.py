from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from assessment.models import Organisation
from complaints.tasks import duplicate_message, start_complaints_import
from jobs.cli import report_rows, run_or_queue


class Command(BaseCommand):
    help = (
        "Import complaints from a CSV or XLSX file (columns: see README, section Complaints) as "
        "a job: here and now with a progress bar, or queued for a worker (--queue). All or "
        "nothing: any bad row is reported with its row number and column, and nothing is "
        "imported. The same file is imported into an organisation once."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument("--organisation", required=True, help="The organisation's name.")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create categories and service areas not yet in the organisation's lists.",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Update complaints whose reference already exists (otherwise an error).",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the import for a worker (see its job page) instead of running it here.",
        )

    def handle(self, *args, file, organisation, create_missing, update, queue, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            org = Organisation.objects.get(name__iexact=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation is called “{organisation}”.") from None
        with path.open("rb") as handle:
            started = start_complaints_import(
                upload=File(handle, name=path.name),
                organisation=org,
                user=None,  # whoever may run manage.py is trusted
                create_missing=create_missing,
                update_existing=update,
                queue=queue,
            )
        if not started.created:
            raise CommandError(duplicate_message(started.job))
        job = run_or_queue(self.stdout, started, now=not queue, progress=self.stderr)
        if job.status == job.Status.FAILED:
            report_rows(self.stderr, job)
            raise CommandError(job.error)

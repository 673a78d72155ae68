from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from assessment.models import Assessment
from findings.tasks import start_report_import
from jobs.cli import ProgressBar
from jobs.services import run_now


class Command(BaseCommand):
    help = (
        "Import quality statement sections of a published report (.txt or .pdf) into an "
        "assessment: scores, topics and findings, as a job: here and now with a progress bar "
        "(on stderr), or queued for a worker (--queue). All or nothing; re-importing adds "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The report text (.txt) or PDF")
        parser.add_argument("--assessment", type=int, required=True, help="Assessment ID")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the import for a worker (see its job page) instead of running it here.",
        )

    def handle(self, *args, file, assessment, queue, **options):
        try:
            target = Assessment.objects.select_related("organisation").get(pk=assessment)
        except Assessment.DoesNotExist:
            raise CommandError(f"No assessment with ID {assessment}") from None
        path = Path(file)
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        with handle:
            # Run by whoever may run manage.py: trusted, as nobody in particular.
            started = start_report_import(
                upload=File(handle, name=path.name), assessment=target, user=None, queue=queue
            )
        job = started.job
        if not started.created or queue:
            state = "Queued" if started.created else "Already being imported:"
            self.stdout.write(f"{state} job {job.pk} ({job.get_absolute_url()}).")
            return
        bar = ProgressBar(self.stderr)
        try:
            job = run_now(job, on_progress=bar)
        finally:
            bar.close()
        if job.status == job.Status.FAILED:
            raise CommandError(job.error)
        for line in job.message.splitlines():
            if line.startswith("Warning: "):
                self.stderr.write(line)
            else:
                self.stdout.write(line)

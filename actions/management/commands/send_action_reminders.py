import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actions.reminders import send_digests


class Command(BaseCommand):
    help = (
        "E-mail each action owner one digest of their overdue actions and those due in the next "
        "7 days. Run it daily (cron); a second run the same day sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address, to make the links in the e-mails absolute "
            "(e.g. https://tracker.example.gov.uk).",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the digest as a background job (see My jobs) instead of sending now.",
        )
        parser.add_argument(
            "--date",
            help="Treat this day (YYYY-MM-DD) as today, e.g. to re-send a missed day.",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD.") from exc
        if options["queue"]:
            from actions.tasks import start_reminder_digest
            from jobs.cli import run_or_queue

            run_or_queue(self.stdout, start_reminder_digest(today), now=False)
            return
        sent, skipped = send_digests(today=today, base_url=options["base_url"])
        self.stdout.write(f"Sent {sent} reminder digest{'s' if sent != 1 else ''} for {today}.")
        if skipped:
            self.stderr.write(f"No e-mail address for: {', '.join(skipped)}")

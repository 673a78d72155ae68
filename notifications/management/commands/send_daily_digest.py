import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.sending import send_digests


class Command(BaseCommand):
    help = (
        "Make today's notices (a complaint's response due in 3 working days), then e-mail each "
        "person one digest: their overdue and soon-due actions, every other registered section "
        "and the notifications they chose to get daily. Run it daily (cron); a second run the "
        "same day sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=None,
            help="The site's address, to make the links in the e-mails absolute "
            "(e.g. https://tracker.example.gov.uk); SITE_URL by default.",
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
            from jobs.cli import run_or_queue
            from notifications.tasks import start_daily_digest

            run_or_queue(self.stdout, start_daily_digest(today), now=False)
            return
        sent, skipped = send_digests(today=today, base_url=options["base_url"])
        self.stdout.write(f"Sent {sent} digest{'s' if sent != 1 else ''} for {today}.")
        if skipped:
            self.stderr.write(f"No e-mail address for: {', '.join(skipped)}")

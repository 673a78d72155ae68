from django.core.management.base import BaseCommand

from jobs import recovery, schedule


class Command(BaseCommand):
    help = (
        "Queue the daily jobs that are due and not yet queued today (the reminder digest), "
        "and give back jobs whose worker died. Safe to run from several hosts and often: "
        "each job is queued once a day. Cron: 0 7 * * * python manage.py run_scheduled"
    )

    def handle(self, *args, **options):
        started = schedule.run_due()
        for job in started:
            self.stdout.write(f"Queued job {job.pk}: {job.title}")
        if not started:
            self.stdout.write("Nothing due (or already queued today).")
        for item in recovery.recover_jobs():
            what = "queued again" if item.requeued else "marked failed"
            self.stdout.write(f"Job {item.job.pk} had lost its worker: {what}.")

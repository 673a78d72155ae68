from django.core.management.base import BaseCommand

from actions.services import record_action_snapshots


class Command(BaseCommand):
    help = (
        "Record the actions' status at the end of each past day (complete, open and on time, "
        "overdue) for the dashboard's chart. Run it daily (cron or the job runner): the first "
        "run records the last 12 weeks, later runs the days since; a day is recorded once."
    )

    def handle(self, *args, **options):
        days = record_action_snapshots()
        if not days:
            self.stdout.write("Nothing to record: every past day of the chart is recorded.")
            return
        span = (
            f"{days[0]:%d %b %Y}"
            if len(days) == 1
            else f"{days[0]:%d %b %Y} to {days[-1]:%d %b %Y}"
        )
        self.stdout.write(f"Recorded {len(days)} day{'s' if len(days) != 1 else ''}: {span}.")

"""django-tasks-db's worker, which first gives back jobs a dead worker left running and, unless
--batch, keeps the schedule (jobs/schedule.py). Options are theirs: --batch runs every queued
task and exits; --queue-name, --interval, --max-tasks, --worker-id..."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from jobs import recovery, schedule


class Command(DatabaseWorkerCommand):
    help = (
        "Run a background worker (database queue). At start it queues again, or fails, jobs "
        "whose worker died; unless --batch it also keeps the daily schedule (reminders)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # "host:pid:random", so a worker can tell that one on its own machine has died.
        parser.set_defaults(worker_id=recovery.new_worker_id())

    def handle(self, *args, **options):
        for item in recovery.recover_jobs(me=options["worker_id"]):
            what = "queued again" if item.requeued else "marked failed"
            self.stdout.write(f"Job {item.job.pk} had lost its worker: {what}.")
        if options["batch"]:
            # Tests and checks: no random wait before the first task, no schedule.
            options["startup_delay"] = False
        else:
            schedule.ensure_tick()
        return super().handle(*args, **options)

"""`load_demo`, with learning's demo data after everything else's: the learning app comes
before actions in INSTALLED_APPS, so this command is the one manage.py runs (as jobs wraps
django_tasks_db's db_worker)."""

from django.db import transaction

from actions.management.commands.load_demo import Command as ActionsLoadDemo
from learning import demo


class Command(ActionsLoadDemo):
    help = ActionsLoadDemo.help + " Adds teams, a Safeguarding Adults Review and learning briefs."

    def handle(self, *args, **options):
        super().handle(*args, **options)
        with transaction.atomic():
            brief = demo.create_demo_learning()
        if brief is not None:
            self.stdout.write(self.style.SUCCESS(f"Demo learning brief ready: {brief}"))

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from actions import demo as actions_demo
from actions import public_demo
from assessment import demo as assessment_demo
from complaints import demo as complaints_demo
from findings import demo as findings_demo


class Command(BaseCommand):
    help = (
        "Load the demo council, assessment (with the seed report imported) and users (admin, "
        "manager, officer). Safe to run again: nothing is duplicated. Passwords are printed "
        "once, when the users are created. Refused unless DEMO_MODE is on."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only loaded when DEMO_MODE is on (never production).")
        with transaction.atomic():
            passwords = assessment_demo.create_demo_users()
            assessment = assessment_demo.create_demo_assessment()
            findings_demo.import_seed_report(assessment)
            # Complaints demo (issue 4) and action plan demo (issue 5) are loaded here.
            complaints_demo.load_demo_complaints(assessment.organisation.name)
            plan = actions_demo.create_demo_action_plan(assessment)
            public_demo.create_demo_public_wording(plan)
        self.stdout.write(self.style.SUCCESS(f"Demo assessment ready: {assessment}"))
        if passwords:
            width = max(len(name) for name in passwords)
            self.stdout.write("")
            self.stdout.write("=" * 60)
            self.stdout.write("Demo logins (shown once; save them now):")
            for username, password in passwords.items():
                self.stdout.write(f"  {username.ljust(width)}  {password}")
            self.stdout.write("=" * 60)
            self.stdout.write("")
        else:
            self.stdout.write(
                "Demo users already exist; their passwords were printed when they were created. "
                "Reset one with: python manage.py changepassword <username>"
            )

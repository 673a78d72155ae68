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
        "manager, officer), and a second council with an assessment, a few complaints and its "
        "own officer (officer2), whose data the first council's users never see. Safe to run "
        "again: nothing is duplicated. Passwords are printed once, when the users are created. "
        "Refused unless DEMO_MODE is on."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only loaded when DEMO_MODE is on (never production).")
        with transaction.atomic():
            logins = assessment_demo.create_demo_users()
            assessment = assessment_demo.create_demo_assessment()
            findings_demo.import_seed_report(assessment)
            findings_demo.load_demo_evidence(assessment)
            complaints_demo.load_demo_complaints(assessment.organisation.name)
            plan = actions_demo.create_demo_action_plan(assessment)
            public_demo.create_demo_public_wording(plan)
            second = assessment_demo.create_second_council_assessment()
            complaints_demo.load_second_council_complaints(second.organisation)
        self.stdout.write(self.style.SUCCESS(f"Demo assessments ready: {assessment}; {second}"))
        if logins:
            width = max(len(login.username) for login in logins)
            role_width = max(len(login.role) for login in logins)
            self.stdout.write("")
            self.stdout.write("=" * 72)
            self.stdout.write("Demo logins (shown once; save them now):")
            for login in logins:
                name, role = login.username.ljust(width), login.role.ljust(role_width)
                self.stdout.write(f"  {name}  {role}  {login.password}")
            self.stdout.write("=" * 72)
            self.stdout.write("")
        else:
            self.stdout.write(
                "Demo users already exist; their passwords were printed when they were created. "
                "Reset one with: python manage.py changepassword <username>"
            )

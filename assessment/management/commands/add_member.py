from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from assessment.members import services
from assessment.models import Membership, Organisation
from assessment.roles import ROLES


class Command(BaseCommand):
    help = (
        "Make a user a member of an organisation with a role, or change their role there "
        "(running it again changes nothing); --remove ends the membership (the row stays, "
        "inactive, so their name stays on past records). An organisation's last active "
        "manager is not removed or demoted."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("organisation", help="The organisation's name, in quotes")
        parser.add_argument("--role", help=f"One of: {', '.join(ROLES)}")
        parser.add_argument(
            "--remove", action="store_true", help="End the membership instead (no --role)"
        )

    def handle(self, *args, username, organisation, role, remove, **options):
        person = self.find_user(username)
        place = self.find_organisation(organisation)
        try:
            if remove:
                if role:
                    raise CommandError("Give either --role or --remove, not both.")
                message = self.remove(person, place)
            else:
                message = self.add(person, place, role)
        except ValidationError as error:
            raise CommandError(f"Nothing changed: {' '.join(error.messages)}") from None
        self.stdout.write(self.style.SUCCESS(message))

    def add(self, person, place, role) -> str:
        if not role:
            raise CommandError(f"Give the role: --role {'|'.join(ROLES)}.")
        if error := services.role_error(role):
            raise CommandError(f"Nothing changed: {error.messages[0]}")
        before = Membership.objects.filter(user=person, organisation=place).first()
        ensured = services.ensure_member(organisation=place, person=person, role=role)
        if ensured.outcome == "added":
            return f"Added {person.username} to {place} as {role}."
        if ensured.outcome == "unchanged":
            return f"{person.username} is already {role} of {place}: nothing changed."
        if ensured.outcome == "reactivated":
            return f"{person.username}'s membership of {place} is active again, as {role}."
        return f"{person.username} is now {role} of {place} (was {before.role})."

    def remove(self, person, place) -> str:
        membership = Membership.objects.filter(user=person, organisation=place).first()
        if membership is None:
            return f"{person.username} is not a member of {place}: nothing to remove."
        if not membership.is_active:
            return f"{person.username}'s membership of {place} had already ended."
        services.set_active(membership=membership, active=False, user=None)
        return f"Ended {person.username}'s membership of {place}."

    def find_user(self, username: str):
        users = get_user_model().objects
        person = users.filter(username=username).first()
        person = person or users.filter(username__iexact=username).first()
        if person is None:
            raise CommandError(f"No user with the username “{username}”.")
        return person

    def find_organisation(self, name: str) -> Organisation:
        place = Organisation.objects.filter(name=name).first()
        if place is None:
            matches = list(Organisation.objects.filter(name__iexact=name.strip())[:2])
            place = matches[0] if len(matches) == 1 else None
        if place is None:
            close = Organisation.objects.filter(name__icontains=name.strip()[:50])
            names = [str(item) for item in close.order_by("name")[:5]]
            hint = f" Did you mean: {'; '.join(names)}?" if names else ""
            raise CommandError(f"No organisation named “{name}”.{hint}")
        return place

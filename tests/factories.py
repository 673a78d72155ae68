"""Factories shared across apps (users) and memberships of organisations."""

import factory
from django.contrib.auth import get_user_model

from assessment.models import Membership
from assessment.tenancy import forget_memberships

TEST_PASSWORD = "correct-horse-battery-staple"


def make_member(user, organisation, role: str, *, is_active: bool = True) -> Membership:
    """Make `user` a member of `organisation` with `role` (or change their role there), and make
    the user object read its memberships again."""
    membership, _ = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role, "is_active": is_active}
    )
    forget_memberships(user)
    return membership


class UserFactory(factory.django.DjangoModelFactory):
    """A user; with `role="officer"` (or manager, viewer) a member of the shared test
    organisation in that role (`role__organisation=...` names another)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def role(self, create, role, organisation=None, **kwargs):
        if create and role:
            from tests.assessment.factories import OrganisationFactory

            make_member(self, organisation or OrganisationFactory(), role)

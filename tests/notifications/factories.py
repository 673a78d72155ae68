import factory

from notifications import kinds
from notifications.models import Notification
from tests.assessment.factories import OrganisationFactory
from tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    """A notification (its person need not be a member: make them one where it matters)."""

    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = kinds.ACTION_ASSIGNED
    subject = factory.Sequence(lambda n: f"Action assigned to you: number {n}")
    url = "/actions/"
    delivery = kinds.Delivery.IN_APP

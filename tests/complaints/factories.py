"""Factories for complaints, their categories and service areas."""

import datetime

import factory

from complaints.models import Complaint, ComplaintCategory, ServiceArea
from tests.assessment.factories import OrganisationFactory


class ComplaintCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintCategory
        django_get_or_create = ["organisation", "name"]

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ["organisation", "name"]

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service area {n}")


class ComplaintFactory(factory.django.DjangoModelFactory):
    """An open complaint received on 1 June 2023 (financial year 2023)."""

    class Meta:
        model = Complaint

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"C-{n:05d}")
    date_received = datetime.date(2023, 6, 1)
    category = factory.SubFactory(
        ComplaintCategoryFactory, organisation=factory.SelfAttribute("..organisation")
    )
    service_area = factory.SubFactory(
        ServiceAreaFactory, organisation=factory.SelfAttribute("..organisation")
    )
    summary = "The visit was cancelled without notice."


def load_bank_holidays() -> None:
    """The bank holidays the migration fills. Browser tests (transactional) flush every table,
    migration data included, so tests that count working days fill them again (one query when
    they are there)."""
    from complaints.bank_holidays import default_years, ensure_years

    ensure_years(default_years())

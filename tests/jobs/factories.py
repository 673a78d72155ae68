import factory

from jobs.models import Job
from tests.factories import UserFactory


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = Job.Kind.REPORT_PDF
    title = factory.Sequence(lambda n: f"Report PDF {n}")
    started_by = factory.SubFactory(UserFactory)
    task_path = "tests.jobs.sample_tasks.add_organisations"

"""The engine's services: starting a job once per input, progress, results and failures."""

import pytest
from django_tasks_db.models import DBTaskResult

from assessment.models import Organisation
from jobs import services
from jobs.cli import run_or_queue
from jobs.models import Job
from tests.assessment.factories import OrganisationFactory
from tests.factories import UserFactory
from tests.jobs.helpers import run_worker
from tests.jobs.sample_tasks import add_organisations, explode

pytestmark = pytest.mark.django_db


def start(user=None, names=("North", "South"), print_="abc"):
    """A person's job is of an organisation where their role grants its permission."""
    return services.start_job(
        kind=Job.Kind.REPORT_PDF,
        task=add_organisations,
        title="Add organisations",
        user=user,
        organisation=OrganisationFactory() if user else None,
        permission="assessment.view_organisation" if user else "",
        fingerprint=print_,
        kwargs={"names": list(names)},
    )


def test_start_job_records_the_job_and_queues_its_task_in_the_database():
    user = UserFactory(role="officer")
    started = start(user)
    job = started.job
    assert started.created
    assert (job.status, job.started_by, job.message) == ("queued", user, "Waiting for a worker")
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.task_path == "tests.jobs.sample_tasks.add_organisations"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {"names": ["North", "South"]}}


def test_the_worker_runs_the_job_to_done_with_its_result():
    job = start().job
    run_worker()
    job.refresh_from_db()
    assert job.status == "done"
    assert job.message == "Added 2 organisations"
    assert job.result_link == ("/organisations/", "Open the result")
    assert (job.progress_done, job.progress_total, job.progress_unit) == (2, 2, "rows")
    assert job.attempts == 1
    assert job.started_at <= job.finished_at
    assert set(Organisation.objects.values_list("name", flat=True)) == {"North", "South"}


@pytest.mark.parametrize("status", ["queued", "running", "done"])
def test_the_same_input_twice_is_one_job_and_the_second_user_follows_it(status):
    first_user, second_user = UserFactory(role="officer"), UserFactory(role="viewer")
    first = start(first_user).job
    Job.objects.filter(pk=first.pk).update(status=status)
    second = start(second_user)
    assert not second.created
    assert second.job == first
    assert Job.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    assert list(first.followers.all()) == [second_user]
    assert set(Job.objects.visible_to(second_user)) == {first}


def test_a_failed_input_may_be_run_again():
    first = start().job
    Job.objects.filter(pk=first.pk).update(status="failed")
    again = start()
    assert again.created
    assert again.job != first


def test_a_done_document_may_be_built_again_when_asked():
    first = start().job
    Job.objects.filter(pk=first.pk).update(status="done")
    again = services.start_job(
        kind=Job.Kind.REPORT_PDF,
        task=add_organisations,
        title="x",
        fingerprint="abc",
        kwargs={"names": ["A"]},
        reuse_done=False,
    )
    assert again.created


def test_the_database_refuses_a_second_active_job_for_the_same_input():
    """What start_job relies on when two requests pass its check at the same moment."""
    from django.db import IntegrityError, transaction

    first = start().job
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind=first.kind, title="again", fingerprint=first.fingerprint)


def test_a_failure_in_words_keeps_its_rows_and_writes_nothing():
    job = start(names=["North", " ", "South", ""]).job
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == "Nothing was imported: the file has problems."
    assert job.error_rows == [
        {"row": 3, "column": "name", "message": "A name is required."},
        {"row": 5, "column": "name", "message": "A name is required."},
    ]
    assert not Organisation.objects.filter(name__in=["North", "South"]).exists()


def test_an_unexpected_error_fails_the_job_in_words_and_the_task_with_its_traceback():
    job = services.start_job(kind=Job.Kind.REPORT_PDF, task=explode, title="Boom").job
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed"
    assert "unexpected error" in job.error
    assert "a bug" not in job.error  # internals stay in the log
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == "FAILED"
    assert "RuntimeError: a bug" in task.traceback


def test_a_task_queued_twice_runs_once():
    job = start().job
    add_organisations.enqueue(job.pk, names=["North", "South"])
    run_worker()
    assert Organisation.objects.filter(name="North").count() == 1


def test_progress_is_written_at_most_every_interval_but_always_at_the_end(
    django_assert_num_queries, monkeypatch
):
    job = start().job
    clock = iter([100.0, 100.1, 100.2, 100.7, 100.8])
    monkeypatch.setattr(services, "monotonic", lambda: next(clock))
    with django_assert_num_queries(3):
        services.report_progress(job, 1, 1000, unit="rows")  # first: written
        services.report_progress(job, 2)  # 0.1 s later: not written
        services.report_progress(job, 3)  # 0.2 s later: not written
        services.report_progress(job, 4)  # 0.7 s: written
        services.report_progress(job, 1000)  # complete: written
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.percent) == (1000, 1000, 100)
    assert job.progress_text == "1,000 of 1,000 rows"


def test_run_now_draws_a_progress_bar_and_the_page_shows_the_result(capsys):
    from django.core.management.base import OutputWrapper

    started = services.start_job(
        kind=Job.Kind.REPORT_PDF,
        task=add_organisations,
        title="Add",
        kwargs={"names": ["East", "West"]},
        queue=False,
    )
    assert started.job.task_id == ""
    job = run_or_queue(OutputWrapper(__import__("sys").stdout), started, now=True)
    out = capsys.readouterr().out
    assert "[##############################] 100%  2 of 2 rows" in out
    assert f"Job {job.pk}: done. Added 2 organisations" in out
    assert Organisation.objects.filter(name="East").exists()

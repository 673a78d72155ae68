"""Benchmark: a complaints import of 200,000 rows as a job, in a real worker process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \
        .venv/bin/python bench/import_complaints.py --rows 200000

Writes a CSV of `--rows` complaints (every column filled, a summary of about 120 characters),
starts the import as the page does (start_complaints_import: the file's hash and its copy into
storage are the request's part, timed), then runs `manage.py db_worker --batch` as a child
process and reports its wall time, each phase's time (from the job's progress) and the worker's
peak memory (its maximum resident set size). The organisation is made afresh each run (its
complaints are deleted first), so the run can be repeated.
"""

import argparse
import csv
import datetime
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-import-media-"))
# As a production worker runs: with DEBUG on, Django keeps (and formats) every query's SQL,
# and a 1,000-row INSERT is half a megabyte of it.
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.files import File  # noqa: E402
from django.core.management import call_command  # noqa: E402

from assessment.models import Organisation  # noqa: E402
from complaints.importer import COLUMNS  # noqa: E402
from complaints.models import Complaint, ComplaintCategory, ServiceArea  # noqa: E402
from complaints.tasks import start_complaints_import  # noqa: E402
from jobs.models import Job  # noqa: E402

ORGANISATION = "Benchmark Import Council"
CATEGORIES = ["Poor or lack of communication", "Delay in service", "Staff conduct", "Charging"]
AREAS = ["Community support", "Reablement", "Residential care", "Safeguarding"]
OUTCOMES = ["Upheld", "Partly upheld", "Not upheld"]


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    """`rows` valid complaints, received over five years, each acknowledged and answered."""
    pick = random.Random(seed)
    start = datetime.date(2020, 4, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(rows):
            received = start + datetime.timedelta(days=pick.randrange(1800))
            responded = n % 3 != 0
            writer.writerow(
                {
                    "reference": f"BENCH-{n:07d}",
                    "date_received": received.strftime("%d/%m/%Y"),
                    "date_acknowledged": (received + datetime.timedelta(days=2)).isoformat(),
                    "response_due": (received + datetime.timedelta(days=28)).isoformat(),
                    "date_responded": (received + datetime.timedelta(days=20)).isoformat()
                    if responded
                    else "",
                    "relationship": "Family member" if n % 2 else "The person",
                    "service_area": pick.choice(AREAS),
                    "category": pick.choice(CATEGORIES),
                    "procedure": "Statutory",
                    "investigating_officer": f"Officer {n % 40}",
                    "status": "Responded" if responded else "Open",
                    "outcome": pick.choice(OUTCOMES) if responded else "",
                    "summary": f"Complaint {n}: the family were not told when the care package "
                    "would change, and calls were not returned for two weeks.",
                    "learning": "",
                    "lgsco_status": "Not referred",
                    "lgsco_decision": "",
                }
            )


def fresh_organisation() -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(name=ORGANISATION)
    # Raw deletes: QuerySet.delete() would record a history row per complaint (a signal each).
    for queryset in (
        Complaint.history.filter(organisation_id=organisation.pk),
        Complaint.objects.filter(organisation=organisation),
    ):
        queryset._raw_delete(queryset.db)
    Job.objects.filter(kind=Job.Kind.COMPLAINTS_IMPORT, organisation=organisation).delete()
    for model, names in ((ComplaintCategory, CATEGORIES), (ServiceArea, AREAS)):
        for name in names:
            model.objects.get_or_create(organisation=organisation, name=name)
    return organisation


def watch(job_id: int, phases: dict, stop: threading.Event) -> None:
    """Note when the job's message first changes to each phase (the check, the writing)."""
    from django.db import connection

    while not stop.is_set():
        message = Job.objects.filter(pk=job_id).values_list("message", flat=True).first() or ""
        phases.setdefault(message.split(" ")[0], time.perf_counter())
        time.sleep(0.2)
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    organisation = fresh_organisation()
    path = Path(tempfile.mkdtemp(prefix="bench-import-")) / "complaints.csv"
    write_csv(path, args.rows)
    size_mb = path.stat().st_size / 1024 / 1024

    started = time.perf_counter()
    with path.open("rb") as handle:
        job = start_complaints_import(
            upload=File(handle, name=path.name), organisation=organisation, user=None
        ).job
    request_s = time.perf_counter() - started

    phases: dict[str, float] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(job.pk, phases, stop))
    watcher.start()
    began = time.perf_counter()
    env = {**os.environ, "MEDIA_ROOT": os.environ["MEDIA_ROOT"]}
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker_s = time.perf_counter() - began
    stop.set()
    watcher.join()
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    job.refresh_from_db()
    imported = Complaint.objects.filter(organisation=organisation).count()
    checking = phases.get("Checking", began)
    writing = phases.get("Writing", checking)
    print(f"file: {args.rows:,} rows, {size_mb:.1f} MB")
    print(f"request part (hash + store the file, queue the job): {request_s:.2f} s")
    print(f"worker: {worker_s:.1f} s ({args.rows / worker_s:,.0f} rows/s), job {job.status}")
    print(f"  checking every row: about {writing - checking:.1f} s")
    print(f"  writing in one transaction: about {began + worker_s - writing:.1f} s")
    print(f"worker peak memory (max RSS): {peak_mb:.0f} MB")
    print(f"complaints imported: {imported:,}; {job.message}")


if __name__ == "__main__":
    main()

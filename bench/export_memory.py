"""Benchmark: memory and speed of the streaming findings CSV export.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \
        .venv/bin/python bench/export_memory.py --rows 100000

Fills the database (once; it tops up to --rows findings) and downloads the unfiltered CSV
through Django's test client, reading the stream to the end. Prints the rows per second and the
process's peak memory (RSS) before and after, so the growth caused by the export is visible.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The streaming path in the request is what is measured: past EXPORT_ROWS_IN_REQUEST rows the
# site hands the export to a job (which writes the same CSV to a file the same way).
os.environ.setdefault("EXPORT_ROWS_IN_REQUEST", str(10**9))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from assessment import services as assessment_services  # noqa: E402
from assessment.models import Assessment, Framework, Organisation  # noqa: E402
from findings.models import Finding, Topic  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fill(rows: int) -> None:
    have = Finding.objects.count()
    if have >= rows:
        return
    organisation, _ = Organisation.objects.get_or_create(name="Benchmark Council")
    framework = Framework.objects.get(slug="cqc-local-authority")
    assessment = Assessment.objects.filter(organisation=organisation).first()
    if assessment is None:
        assessment = assessment_services.create_assessment(
            assessment=Assessment(organisation=organisation, framework=framework, title="Bench"),
            user=None,
        )
    statements = list(framework.statements.order_by("order"))
    topics = [
        Topic.objects.get_or_create(
            assessment=assessment, statement=s, title=f"Topic {i}", defaults={"order": i}
        )[0]
        for s in statements
        for i in range(5)
    ]
    text = (
        "Staff told us that learning from safeguarding adults reviews was shared in team "
        "meetings, but partners said nobody checked whether practice had changed. "
    ) * 3
    batch = []
    for n in range(have, rows):
        batch.append(
            Finding(topic=topics[n % len(topics)], order=n, text=f"{n}: {text}", source="staff")
        )
        if len(batch) == 5000:
            Finding.objects.bulk_create(batch)
            batch = []
    Finding.objects.bulk_create(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    fill(args.rows)
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    before = peak_rss_mb()
    started = time.perf_counter()
    response = client.get(reverse("findings:finding-export"))
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    after = peak_rss_mb()
    rows = lines - 1
    print(f"rows exported      {rows:,}")
    print(f"bytes              {size / 1e6:.1f} MB")
    print(f"time               {elapsed:.2f} s ({rows / elapsed:,.0f} rows/s)")
    print(f"peak RSS before    {before:.1f} MB")
    print(f"peak RSS after     {after:.1f} MB (growth {after - before:.1f} MB)")


if __name__ == "__main__":
    main()

"""Benchmark: the report PDF as a background job: build time in the worker, then the
stored-file download (what every later request for an unchanged assessment costs).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \
        .venv/bin/python bench/jobs_pdf.py --findings 500 --downloads 200

Through Django's test client (the whole middleware stack, the version query, the permission
check and the file read; no network). Prints p50/p95 of the download, the build time and the
first (queueing) request's time; results.md keeps the figures.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-jobs-media-"))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.report_pdf import assessment_with  # noqa: E402
from findings.models import Finding  # noqa: E402
from jobs.models import Job  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed_get(client: Client, url: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    response = client.get(url)
    size = len(b"".join(response.streaming_content)) if response.streaming else 0
    return time.perf_counter() - started, response.status_code, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=500)
    parser.add_argument("--downloads", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    assessment = assessment_with(args.findings)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-jobs", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    url = reverse("findings:assessment-report-pdf", args=[assessment.pk])
    # A fresh version: this run builds its own PDF.
    Finding.objects.filter(topic__assessment=assessment).first().save()

    queued, status, _ = timed_get(client, url)
    assert status == 202, status
    call_command("db_worker", "--batch", verbosity=0)
    job = Job.objects.filter(subject=f"assessment:{assessment.pk}").latest("created_at")
    build = (job.finished_at - job.started_at).total_seconds()

    times, size = [], 0
    for _ in range(args.downloads):
        seconds, status, size = timed_get(client, url)
        assert status == 200, status
        times.append(seconds)

    Finding.objects.filter(topic__assessment=assessment).first().save()
    stale, status, _ = timed_get(client, url)
    assert status == 202, status

    print(f"findings                    {args.findings}")
    print(f"first request (queues)      {queued * 1000:.0f} ms")
    print(f"build in the worker         {build:.2f} s ({job.message}, {size / 1e6:.2f} MB)")
    print(
        f"stored PDF download         p50 {percentile(times, 0.5) * 1000:.1f} ms, "
        f"p95 {percentile(times, 0.95) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms "
        f"over {args.downloads} (mean {statistics.mean(times) * 1000:.1f} ms)"
    )
    print(f"after an edit (stale, queues) {stale * 1000:.0f} ms")


if __name__ == "__main__":
    main()

"""Single requests in-process, for profiling: each page of bench/run_pages.py through Django's
test client, one at a time, against the database in DATABASE_URL, production settings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_national \\
        .venv/bin/python bench/inprocess_pages.py [--as national-viewer] [--only NAME] [--n 15]
        [--profile NAME]   # pyinstrument's tree for that page (pip install pyinstrument)
        [--sql]            # each query's time on each page

Run it from another checkout (cd there, same command) to compare before and after, alternating
the two a few times: this machine's speed swings within minutes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))
SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "benchmark-only-secret-key-not-for-production-0123456789",
    "ALLOWED_HOSTS": "testserver,127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "BENCHMARK_ENDPOINTS": "true",
    "LOG_LEVEL": "WARNING",
    "CACHE_URL": "redis://127.0.0.1:6379/7",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as", dest="user", default="council-manager")
    parser.add_argument("--n", type=int, default=15, help="requests per page (after one)")
    parser.add_argument("--only", help="pages whose name contains this")
    parser.add_argument("--profile", help="profile the page whose name contains this")
    parser.add_argument("--sql", action="store_true", help="print each query's time")
    return parser.parse_args()


def timed_queries(client, path: str) -> list[tuple[float, str]]:
    from django.db import connection

    log = []

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            log.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(wrapper):
        client.get(path)
    return log


def main() -> None:
    args = parse_args()
    for name, value in SETTINGS.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()
    from django.test import Client

    from bench.run_pages import pages, resolve_user

    client = Client()
    client.force_login(resolve_user(args.user))
    for page in pages():
        if page.long or (args.only and args.only.lower() not in page.name.lower()):
            continue
        response = client.get(page.path)
        if response.status_code != 200:
            sys.exit(f"{page.path}: {response.status_code}")
        times = []
        for _ in range(args.n):
            started = time.perf_counter()
            client.get(page.path)
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"{page.name:40s} median {statistics.median(times):7.1f} ms  "
            f"min {min(times):6.1f}  {len(response.content) // 1024} kB"
        )
        if args.sql:
            for ms, sql in timed_queries(client, page.path):
                print(f"   {ms:6.1f}  {' '.join(sql.split())[:150]}")
        if args.profile and args.profile.lower() in page.name.lower():
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(10):
                client.get(page.path)
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()

"""Load benchmark of every main page under gunicorn, against the ceiling of a bare view.

    createdb -h 127.0.0.1 -U postgres tracker_national
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_national
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py generate_data --scale national
    .venv/bin/python bench/run_pages.py            # writes bench/results.md

It collects static files, starts gunicorn with the production settings (sessions and reports in
Redis: CACHE_URL, default redis://127.0.0.1:6379/7), logs in a council's manager (a member of
one council, the national data in the database), and drives each page with wrk (8 connections,
a few seconds each), reading p50/p95/p99 and requests per second. The dashboard, the annual
report and the findings search are measured again as `national-viewer` (a viewer of every
council). Rows: the ceiling (a fixed response through the same server, middleware and session),
the layout floor (the site layout around an empty body: the best any page can do), each page,
the stored report PDF and, apart, its build time in a worker.

Queries per request are counted in-process on the same data and again on a database of about
ten rows of everything (`generate_data --scale tiny`, made on first use as <database>_tiny):
the table shows both, which must be equal.

Before and after in one run: `--before DIR --before-database URL` also serves an earlier
checkout (say a `git worktree` of main) on a copy of the data migrated by it (`createdb -T`),
and measures each page there straight before measuring it here. Needs Debian's wrk.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pages_server import (  # noqa: E402
    COUNCIL_MANAGER,
    NATIONAL_VIEWER,
    ROOT,
    SERVER_ENV,
    Server,
)
from bench.pages_table import write_results  # noqa: E402

PORT = 8300


@dataclass(frozen=True)
class Page:
    """One measured page. Ordinary pages: 8 users, p95 under `p95_ms` and at least 25% of the
    ceiling's requests per second. Long ones (the PDF, the full CSV export) take seconds each:
    they run with one user for longer, and their target is the time of one download."""

    name: str
    path: str
    p95_ms: float = 150
    long: bool = False
    # Request it once and run the queue first (a document built by a background job).
    prime: bool = False
    # Measured again as the national viewer.
    national: bool = False


def pages() -> list[Page]:
    """The pages measured, with ids picked from the generated data (the first council's)."""
    from django.utils import timezone

    from actions.models import ActionPlan
    from assessment.models import Assessment, Organisation
    from complaints.models.clock import financial_year_of
    from findings.models import Finding

    org = Organisation.objects.filter(name__startswith="Generated").order_by("pk").first()
    if org is None:
        sys.exit("No generated data: run manage.py generate_data --scale national first.")
    assessment = Assessment.objects.filter(organisation=org).order_by("pk").first()
    plan = ActionPlan.objects.filter(organisation=org).order_by("pk").first()
    year = financial_year_of(timezone.localdate()) - 1
    findings = Finding.objects.filter(topic__assessment__organisation=org).count()
    report = f"/complaints/report/?organisation={org.pk}&year={year}"
    return [
        Page("Ceiling (fixed response)", "/bench/ceiling/"),
        Page("Layout floor (empty page)", "/bench/floor/"),
        Page("Dashboard", "/", national=True),
        Page("Assessment detail", f"/assessments/{assessment.pk}/"),
        Page("Statement page", f"/assessments/{assessment.pk}/statements/safeguarding/"),
        Page("Findings list (filtered)", f"/findings/?organisation={org.pk}&judgement=shortfall"),
        Page("Findings list (searched)", "/findings/?q=safeguarding+learning", national=True),
        Page("Complaints list", "/complaints/"),
        Page("Annual complaints report", report, p95_ms=100, national=True),
        Page("Action plan detail", f"/plans/{plan.pk}/"),
        Page("Overdue actions", "/actions/overdue/"),
        # Built once per version by a job (primed: its build time is a row of its own).
        Page(
            "Assessment report PDF (stored)",
            f"/assessments/{assessment.pk}/report.pdf",
            200,
            long=True,
            prime=True,
        ),
        # The council's findings (the target is 20,000 rows/s).
        Page("CSV export of the council's findings", "/findings/export.csv", findings / 20, True),
    ]


def queries_per_request(path: str, user) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.get(path)  # the dashboard's first visit of a day records the chart's past weeks
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if getattr(response, "streaming", False):
            for _ in response.streaming_content:
                pass
    return len(captured)


def tiny_database_url(url: str) -> str:
    """The database of about ten rows beside the national one: created and filled if missing."""
    tiny = url.rstrip("/") + "_tiny"
    name = tiny.rsplit("/", 1)[1]
    env = {**os.environ, "DATABASE_URL": tiny}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    created = subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, text=True
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    if created.returncode != 0 and "already exists" not in created.stderr:
        sys.exit(f"createdb {name}: {created.stderr}")
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    if created.returncode == 0:
        subprocess.run(
            [*manage, "generate_data", "--scale", "tiny"], env=env, check=True, capture_output=True
        )
    # The daily job (in both databases): the dashboard's chart reads its recorded weeks.
    for database in (env, {**env, "DATABASE_URL": url}):
        subprocess.run([*manage, "record_action_snapshots"], env=database, check=True)
    return tiny


def resolve_user(username: str):
    """The generated user: `national-viewer`, or the first council's manager."""
    from django.contrib.auth import get_user_model

    from assessment.models import Membership

    if username != COUNCIL_MANAGER:
        return get_user_model().objects.get(username=username)
    managers = Membership.objects.filter(
        role="manager", is_active=True, user__username__startswith="gen-"
    )
    return managers.order_by("organisation_id", "user__username").first().user


def count_queries_here(username: str) -> None:
    """--count-queries: print {page: queries per request} for this database as JSON."""
    os.environ.update(SERVER_ENV)
    import django

    django.setup()
    user = resolve_user(username)
    counts = {}
    for page in pages():
        if page.prime:  # a stored document: queue its build, build it, then count a download
            queries_per_request(page.path, user)
            worker = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch", "-v", "0"]
            subprocess.run(worker, check=True, capture_output=True)
        counts[page.path] = queries_per_request(page.path, user)
    print(json.dumps(counts))


def queries_at(url: str, username: str) -> dict[str, int]:
    """{page name: queries per request} on the database at `url` (a separate process)."""
    env = {**os.environ, "DATABASE_URL": url}
    command = [sys.executable, __file__, "--count-queries", "--as", username]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    by_path = json.loads(out.strip().splitlines()[-1])
    return dict(zip([page.name for page in pages()], by_path.values(), strict=True))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=8, help="concurrent users")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--long-connections", type=int, default=1, help="users for PDF and CSV")
    parser.add_argument("--long-seconds", type=int, default=20, help="duration for PDF and CSV")
    parser.add_argument("--only", help="measure only pages whose name contains this")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument(
        "--cache-url", default=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/7")
    )
    parser.add_argument("--before", help="an earlier checkout to measure too, page by page")
    parser.add_argument("--before-database", help="its database (a copy of the same data)")
    parser.add_argument(
        "--before-cache-url",
        default="redis://127.0.0.1:6379/8",
        help='its shared cache ("": each worker\'s own memory and sessions in the database)',
    )
    parser.add_argument("--as", dest="user", default=COUNCIL_MANAGER, help=argparse.SUPPRESS)
    parser.add_argument("--count-queries", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def measure_on(server: Server, page: Page, cookie: str, args) -> dict:
    """One page under wrk on one server, after a warm-up (and its build first, if primed)."""
    connections = args.long_connections if page.long else args.connections
    seconds = args.long_seconds if page.long else args.seconds
    build = server.prime(page.path, cookie) if page.prime else None
    server.wrk(page.path, cookie, 2, connections)  # warm up
    result = server.wrk(page.path, cookie, seconds, connections)
    return {**result, "connections": connections, "build_s": build}


def main() -> None:
    args = parse_args()
    if args.count_queries:
        return count_queries_here(args.user)
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database with the national data.")
    after = Server(ROOT, PORT, {"DATABASE_URL": url, "CACHE_URL": args.cache_url})
    before = None
    if args.before:
        # Its own Redis database: the two checkouts' keys must not meet.
        env = {"DATABASE_URL": args.before_database or url, "CACHE_URL": args.before_cache_url}
        before = Server(Path(args.before).resolve(), PORT + 1, env)
    os.environ.update(SERVER_ENV)
    import django

    django.setup()
    targets = pages()
    if args.only:
        targets = targets[:2] + [p for p in targets[2:] if args.only.lower() in p.name.lower()]
    users = {COUNCIL_MANAGER: {}, NATIONAL_VIEWER: {}}
    after.run("manage.py", "collectstatic", "--noinput", "-v0")  # pages counted need it
    tiny = tiny_database_url(url)
    for username, counts in users.items():
        counts["national"] = queries_at(url, username)
        counts["tiny"] = queries_at(tiny, username)
    rows = run_all(targets, after, before, users, args)
    write_results(rows, args)


def run_all(targets, after: Server, before: Server | None, users: dict, args) -> list[dict]:
    servers = [s for s in (before, after) if s is not None]
    cookies = {(id(s), u): s.cookie(u)[0] for s in servers for u in users}
    rows = []
    try:
        for server in servers:
            server.start(args.workers, cookies[(id(server), COUNCIL_MANAGER)])
        ceilings = {}
        for page in targets:
            for username in [COUNCIL_MANAGER] + ([NATIONAL_VIEWER] if page.national else []):
                row = {"page": page, "user": username, "counts": users[username]}
                for label, server in (("before", before), ("after", after)):
                    if server is None:
                        continue
                    row[label] = measure_on(server, page, cookies[(id(server), username)], args)
                    ceilings.setdefault(label, row[label]["rps"])
                    row[label]["share"] = row[label]["rps"] / ceilings[label]
                print(
                    page.name,
                    username,
                    {k: round(row[k]["p95"] / 1000, 1) for k in ("before", "after") if k in row},
                    flush=True,
                )
                rows.append(row)
    finally:
        for server in servers:
            server.stop()
    return rows


if __name__ == "__main__":
    main()

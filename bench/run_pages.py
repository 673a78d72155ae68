"""Load benchmark of every main page under gunicorn, against the ceiling of a bare view.

    createdb -h 127.0.0.1 -U postgres tracker_national
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_national
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py generate_data --scale national
    .venv/bin/python bench/run_pages.py            # writes bench/results.md

It collects static files, starts gunicorn with the production settings, logs a manager in
(a real session cookie), then drives each page with wrk (8 connections, a few seconds each)
and reads p50/p95/p99 and requests per second. Queries per request are counted in-process with
Django's test client on the same data, and again on a second database holding about ten rows
of everything (`generate_data --scale tiny`, made on first use as <database>_tiny): the table
shows both, which must be equal. The ceiling is a fixed response through the same server,
middleware and session. Needs Debian's wrk (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_USER = "bench-manager"
sys.path.insert(0, str(ROOT))
PORT = 8300
BASE = f"http://127.0.0.1:{PORT}"

SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "benchmark-only-secret-key-not-for-production-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "BENCHMARK_ENDPOINTS": "true",
    "LOG_LEVEL": "WARNING",
}


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


def prime(path: str, cookie: str) -> None:
    """Ask for the document (which queues its build), then run every queued job."""
    request = urllib.request.Request(BASE + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30):
        pass
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
        check=True,
    )


def setup_django():
    os.environ.update(SERVER_ENV)
    import django

    django.setup()


def pages() -> list[Page]:
    """The pages measured, with ids picked from the generated data."""
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
    findings = Finding.objects.count()
    return [
        Page("Ceiling (fixed response)", "/bench/ceiling/"),
        Page("Dashboard", "/"),
        Page("Assessment detail", f"/assessments/{assessment.pk}/"),
        Page("Statement page", f"/assessments/{assessment.pk}/statements/safeguarding/"),
        Page("Findings list (filtered)", f"/findings/?organisation={org.pk}&judgement=shortfall"),
        Page("Findings list (searched)", "/findings/?q=safeguarding+learning"),
        Page("Complaints list", "/complaints/"),
        Page(
            "Annual complaints report",
            f"/complaints/report/?organisation={org.pk}&year={year}",
            p95_ms=100,
        ),
        Page("Action plan detail", f"/plans/{plan.pk}/"),
        Page("Overdue actions", "/actions/overdue/"),
        # Built once per version by a job (primed below), then served from storage.
        Page(
            "Assessment report PDF (stored)",
            f"/assessments/{assessment.pk}/report.pdf",
            200,
            long=True,
            prime=True,
        ),
        # The target is 20,000 rows/s (bench/export_memory.py measures the memory).
        Page("CSV export of all findings", "/findings/export.csv", findings / 20, long=True),
    ]


def session_cookie(username: str = BENCH_USER) -> tuple[str, object]:
    """A logged-in session: the bench manager's (made here, a manager of every council), or
    a generated user's (`--as national-viewer`, `--as gen-<council id>-0`)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from assessment.models import Membership, Organisation

    if username == BENCH_USER:
        user, _ = get_user_model().objects.get_or_create(
            username=BENCH_USER, defaults={"first_name": "Bench", "last_name": "Manager"}
        )
        # A manager of every council: the pages then read as much as any user's can.
        Membership.objects.bulk_create(
            [
                Membership(user=user, organisation=organisation, role=Membership.Role.MANAGER)
                for organisation in Organisation.objects.all()
            ],
            ignore_conflicts=True,
        )
    else:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            sys.exit(f"No user {username!r} here: generate_data makes national-viewer and gen-*.")
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}", user


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
    if created.returncode == 0:
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        subprocess.run(
            [*manage, "generate_data", "--scale", "tiny"],
            env=env,
            check=True,
            capture_output=True,
        )
    elif "already exists" not in created.stderr:
        sys.exit(f"createdb {name}: {created.stderr}")
    return tiny


def queries_at(url: str, username: str) -> dict[str, int]:
    """Queries per request of every page on the database at `url` (a separate process)."""
    env = {**os.environ, "DATABASE_URL": url}
    out = subprocess.run(
        [sys.executable, __file__, "--count-queries", "--as", username],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def count_queries_here(username: str) -> None:
    """--count-queries: print {page: queries per request} for this database as JSON."""
    setup_django()
    _, user = session_cookie(username)
    print(json.dumps({page.name: queries_per_request(page.path, user) for page in pages()}))


def run_wrk(path: str, cookie: str, seconds: int, connections: int) -> dict:
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-H",
        f"Cookie: {cookie}",
        "-s",
        str(ROOT / "bench" / "wrk_report.lua"),
        BASE + path,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def wait_for_server(cookie: str) -> None:
    for _ in range(60):
        try:
            request = urllib.request.Request(BASE + "/bench/ceiling/", headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit("gunicorn did not answer on /bench/ceiling/")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=8, help="concurrent users")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--long-connections", type=int, default=1, help="concurrent users for the PDF and CSV"
    )
    parser.add_argument(
        "--long-seconds", type=int, default=40, help="wrk duration for the PDF and CSV"
    )
    parser.add_argument("--only", help="measure only pages whose name contains this")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument(
        "--as",
        dest="user",
        default=BENCH_USER,
        help="log in as this user: national-viewer (reads every council), gen-<id>-1 (one "
        "council's officer; -0 its manager); default a manager of every council",
    )
    parser.add_argument("--count-queries", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def start_server(workers: int) -> subprocess.Popen:
    """gunicorn with the production settings, on PORT."""
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **SERVER_ENV})


def measure(page, args, cookie, user, ceiling_rps, tiny_queries) -> dict:
    """One page under wrk (after a warm-up), with its query count at both sizes."""
    connections = args.long_connections if page.long else args.connections
    seconds = args.long_seconds if page.long else args.seconds
    if page.prime:
        prime(page.path, cookie)  # a stored document: build it first, then measure
    run_wrk(page.path, cookie, 2, connections)  # warm up
    result = run_wrk(page.path, cookie, seconds, connections)
    rps = result["requests"] / (result["duration_us"] / 1e6)
    ceiling_rps = ceiling_rps or rps  # the first page is the ceiling itself
    queries = queries_per_request(page.path, user)
    p95 = result["p95"] / 1000
    meets = p95 < page.p95_ms and (page.long or rps / ceiling_rps >= 0.25)
    meets = meets and queries == tiny_queries.get(page.name)  # no N+1 at scale
    print(f"{page.name:<30} p95 {p95:8.1f} ms  {rps:8.1f} req/s  {queries:3d} queries", flush=True)
    return {
        "page": page.name,
        "path": page.path,
        "connections": connections,
        "requests": result["requests"],
        "p50": result["p50"] / 1000,
        "p95": p95,
        "p99": result["p99"] / 1000,
        "rps": rps,
        "share": rps / ceiling_rps,
        "queries": queries,
        "tiny_queries": tiny_queries.get(page.name),
        "errors": result["errors"] + result["non2xx"],
        "target": (
            f"p95 < {page.p95_ms / 1000:.1f} s" if page.long else f"p95 < {page.p95_ms:g} ms, ≥ 25%"
        ),
        "meets": page.name.startswith("Ceiling") or meets,
    }


def main() -> None:
    args = parse_args()
    if args.count_queries:
        return count_queries_here(args.user)
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database with the national data.")
    setup_django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    cookie, user = session_cookie(args.user)
    targets = pages()
    tiny_queries = queries_at(tiny_database_url(os.environ["DATABASE_URL"]), args.user)
    if args.only:
        targets = [targets[0]] + [p for p in targets[1:] if args.only.lower() in p.name.lower()]
    server = start_server(args.workers)
    rows = []
    try:
        wait_for_server(cookie)
        for page in targets:
            ceiling_rps = rows[0]["rps"] if rows else None
            rows.append(measure(page, args, cookie, user, ceiling_rps, tiny_queries))
    finally:
        server.terminate()
        server.wait(timeout=20)
    write_results(rows, args)


def write_results(rows: list[dict], args) -> None:
    lines = [
        "# Page benchmark",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')} · gunicorn {args.workers} workers, production "
        f"settings, PostgreSQL with the national data, wrk with {args.connections} connections "
        f"for {args.seconds} s per page ({args.long_connections} connection(s) for "
        f"{args.long_seconds} s for the PDF and the CSV export). Share: requests per second "
        "as a share of the ceiling's.",
        "",
        "| page | users | requests | p50 ms | p95 ms | p99 ms | req/s | share of ceiling "
        "| queries (national) | queries (~10 rows) | errors | target | met? |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['page']} | {r['connections']} | {r['requests']} | {r['p50']:.1f} "
            f"| {r['p95']:.1f} | {r['p99']:.1f} | {r['rps']:.1f} | {r['share']:.0%} "
            f"| {r['queries']} | {r['tiny_queries']} | {r['errors']} | {r['target']} "
            f"| {'met' if r['meets'] else '**missed**'} |"
        )
    Path(args.output).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

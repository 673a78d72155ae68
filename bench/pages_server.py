"""The servers and the load of bench/run_pages.py: gunicorn from a checkout (this one, or an
earlier one for "before" figures in the same run), a session cookie for a generated user, wrk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
# Who is logged in: resolved in each database (ids differ between the national and tiny ones).
COUNCIL_MANAGER = "council-manager"
NATIONAL_VIEWER = "national-viewer"

# Run in the checkout's own interpreter and database: print a session cookie for the user.
_LOGIN = """
import django, sys
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from assessment.models import Membership
name = sys.argv[1]
if name == "council-manager":
    user = (
        Membership.objects.filter(role="manager", is_active=True, user__username__startswith="gen-")
        .order_by("organisation_id", "user__username").first().user
    )
else:
    user = get_user_model().objects.get(username=name)
client = Client()
client.force_login(user)
print(client.cookies["sessionid"].value, user.pk)
"""


@dataclass
class Server:
    """gunicorn serving `root` (a checkout) on `port`, with `env` (its DATABASE_URL...)."""

    root: Path
    port: int
    env: dict
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def run(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        """A Python command in the checkout, with its database and the production settings."""
        return subprocess.run(
            [sys.executable, *args],
            cwd=self.root,
            env={**os.environ, **self.env, **SERVER_ENV},
            check=True,
            **kwargs,
        )

    def cookie(self, username: str) -> tuple[str, int]:
        """A logged-in session of `username` (or the first council's manager) here."""
        out = self.run("-c", _LOGIN, username, capture_output=True, text=True).stdout
        session, user_id = out.split()[-2:]
        return f"sessionid={session}", int(user_id)

    def start(self, workers: int, cookie: str) -> None:
        self.run("manage.py", "collectstatic", "--noinput", "-v0")
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        self.process = subprocess.Popen(
            command, cwd=self.root, env={**os.environ, **self.env, **SERVER_ENV}
        )
        self._wait(cookie)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def _wait(self, cookie: str) -> None:
        for _ in range(120):
            try:
                request = urllib.request.Request(
                    self.base + "/bench/ceiling/", headers={"Cookie": cookie}
                )
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        sys.exit(f"gunicorn ({self.root}) did not answer on /bench/ceiling/")

    def prime(self, path: str, cookie: str) -> float:
        """Ask for a document (which queues its build), then run the queued jobs in a worker:
        returns the worker's time (the build)."""
        request = urllib.request.Request(self.base + path, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=60):
            pass
        started = time.perf_counter()
        self.run("manage.py", "db_worker", "--batch", "-v", "0")
        return time.perf_counter() - started

    def wrk(self, path: str, cookie: str, seconds: int, connections: int) -> dict:
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
            self.base + path,
        ]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        return result

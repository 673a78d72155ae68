"""Print the DATABASE_URL the test suite should use, and say on stderr which database it is.

The suite needs PostgreSQL: the race tests run real concurrent transactions, which SQLite
cannot. Order: DATABASE_URL when set; else PostgreSQL at 127.0.0.1:5432 when it answers; else
the local PostgreSQL cluster, started here when one is installed (Debian's pg_ctlcluster; it
needs root or the postgres user); else exit 1 saying how to point DATABASE_URL at one.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/inspection_tracker"
CLUSTERS = Path("/etc/postgresql")
WAIT_SECONDS = 30

NO_POSTGRES = """\
The tests need PostgreSQL (the race tests run real concurrent transactions), and none answers
at 127.0.0.1:5432{why}.
Either start one there that lets user postgres in without a password, or point DATABASE_URL at
one (pytest makes a database named test_<NAME> beside NAME), e.g.:
    DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/NAME make test
On Debian: apt-get install postgresql, then allow "host all postgres 127.0.0.1/32 trust" in
pg_hba.conf (see README, Tests)."""


def postgres_reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def start_local_cluster() -> str | None:
    """Start the installed local cluster and wait for it; None when it answers, else why not."""
    versions = sorted(p.name for p in CLUSTERS.iterdir()) if CLUSTERS.is_dir() else []
    if not versions:
        return " and no PostgreSQL cluster is installed here"
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "start"]
    print(f"PostgreSQL is not running: {' '.join(command)}", file=sys.stderr)
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return " and pg_ctlcluster (to start the installed cluster) is missing"
    if result.returncode != 0:
        return f" (starting the local cluster failed: {(result.stderr or result.stdout).strip()})"
    for _ in range(WAIT_SECONDS):
        if postgres_reachable():
            return None
        time.sleep(1)
    return f" (the local cluster started but did not answer within {WAIT_SECONDS} s)"


def describe(url: str) -> str:
    parsed = urlparse(url)
    where = f"{parsed.scheme} database {parsed.path.lstrip('/')!r} at {parsed.hostname}"
    return f"{where}:{parsed.port}" if parsed.port else where


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        source = "DATABASE_URL"
    elif postgres_reachable():
        url, source = LOCAL_POSTGRES, "PostgreSQL found at 127.0.0.1:5432"
    else:
        why = start_local_cluster()
        if why is not None:
            sys.exit(NO_POSTGRES.format(why=why))
        url, source = LOCAL_POSTGRES, "the local cluster, started"
    print(f"Tests use {describe(url)} ({source})", file=sys.stderr)
    print(url)


if __name__ == "__main__":
    main()

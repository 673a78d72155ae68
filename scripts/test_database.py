"""Print the DATABASE_URL the test suite should use, and say on stderr which database it is.

Order: DATABASE_URL when set; else PostgreSQL at 127.0.0.1:5432 when it answers; else SQLite
(an empty line: the settings fall back to SQLite).
"""

import os
import socket
import sys
from urllib.parse import urlparse

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/inspection_tracker"


def postgres_reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        source = "DATABASE_URL"
    elif postgres_reachable():
        url, source = LOCAL_POSTGRES, "PostgreSQL found at 127.0.0.1:5432"
    else:
        source = "no DATABASE_URL and no PostgreSQL at 127.0.0.1:5432"
    if url:
        parsed = urlparse(url)
        where = f"{parsed.scheme} database {parsed.path.lstrip('/')!r} at {parsed.hostname}"
        if parsed.port:
            where += f":{parsed.port}"
    else:
        where = "SQLite (in memory)"
    print(f"Tests use {where} ({source})", file=sys.stderr)
    print(url)


if __name__ == "__main__":
    main()

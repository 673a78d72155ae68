"""bench/run_pages.py's table (bench/results.md): each page as a council's manager (and, for
some, as the national viewer), after and, when measured, before, with its target."""

from __future__ import annotations

import time
from pathlib import Path

from bench.pages_server import NATIONAL_VIEWER

HEADER = (
    "| page | user | p50 ms | p95 ms | p99 ms | req/s | share of ceiling | before: p95 ms "
    "| before: share | queries (national) | queries (~10 rows) | errors | target | met? |"
)


def _target(page) -> str:
    if page.long:
        return (
            f"p95 < {page.p95_ms / 1000:.1f} s"
            if page.p95_ms >= 1000
            else f"p95 < {page.p95_ms:g} ms"
        )
    return f"p95 < {page.p95_ms:g} ms, ≥ 25%"


def _met(row) -> bool:
    page, after = row["page"], row["after"]
    if page.path.startswith("/bench/"):
        return True
    p95 = after["p95"] / 1000
    national = row["user"] == NATIONAL_VIEWER
    share_ok = page.long or national or after["share"] >= 0.25
    same_queries = row["counts"]["national"].get(page.name) == row["counts"]["tiny"].get(page.name)
    return p95 < page.p95_ms and share_ok and same_queries


def _line(row) -> str:
    page, after, before = row["page"], row["after"], row.get("before")
    user = "national viewer" if row["user"] == NATIONAL_VIEWER else "council manager"
    before_cells = f"{before['p95'] / 1000:.1f} | {before['share']:.0%}" if before else "– | –"
    errors = after["errors"] + after["non2xx"]
    target = "–" if page.path.startswith("/bench/") else _target(page)
    met = "–" if target == "–" else ("met" if _met(row) else "**missed**")
    if row["user"] == NATIONAL_VIEWER and not page.long:
        target = f"p95 < {page.p95_ms:g} ms"
    return (
        f"| {page.name} | {user} | {after['p50'] / 1000:.1f} | {after['p95'] / 1000:.1f} "
        f"| {after['p99'] / 1000:.1f} | {after['rps']:.1f} | {after['share']:.0%} | {before_cells} "
        f"| {row['counts']['national'].get(page.name)} | {row['counts']['tiny'].get(page.name)} "
        f"| {errors} | {target} | {met} |"
    )


def _build_line(row) -> str | None:
    builds = [(label, row[label].get("build_s")) for label in ("after", "before") if label in row]
    after = dict(builds).get("after")
    if after is None:
        return None
    before = dict(builds).get("before")
    before_cell = f"{before * 1000:.0f}" if before is not None else "–"
    met = "met" if after < 5 else "**missed**"
    return (
        f"| Assessment report PDF: build in the worker (once per version) | – | – "
        f"| {after * 1000:.0f} | – | – | – | {before_cell} | – | – | – | – | < 5 s | {met} |"
    )


def write_results(rows: list[dict], args) -> None:
    lines = [
        "# Page benchmark",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')} · gunicorn {args.workers} workers, production "
        f"settings (sessions and reports in Redis), PostgreSQL with the national data, wrk with "
        f"{args.connections} connections for {args.seconds} s per page "
        f"({args.long_connections} for {args.long_seconds} s for the PDF and the CSV export). "
        "Share: requests per second as a share of the same server's ceiling. Before: "
        f"{args.before or 'not measured'}, served alongside, measured straight before each row.",
        "",
        HEADER,
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        lines.append(_line(row))
        if (build := _build_line(row)) is not None:
            lines.append(build)
    Path(args.output).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))

"""Metrics are data: read a metrics file, check every entry, then save it all or nothing.

The file is JSON (the shipped one: readiness/data/cqc-la-metrics.json):
    {"slug", "framework": framework slug,
     "source": {"title", "publisher"?, "url", "page_date", "retrieved": "YYYY-MM-DD",
                "copy_url"?, "licence"?},
     "complete": true|false,
     "coverage": [{"statement", "metrics": n, "complete": bool, "note"?}],
     "not_loaded"?: [statement titles], "left_out"?: [...], "notes"?,
     "metrics": [{"theme", "statement", "evidence_category", "name", "source",
                  "source_full"?, "unit": "percent"|"number"}]}

Themes and statements are named by their titles in the framework; evidence categories by
their labels ("People's experience"). `coverage` declares how many metrics each statement has
in the file, and whether that statement's list is complete: the loader checks the count, so a
file cannot silently lose or gain a metric. An entry marked `"unconfirmed": true` is refused:
only CQC's confirmed wording is loaded. Other keys ("theme_as_printed", "seen_in") are kept in
the file for people and ignored here.

`parse_metrics` is pure: it checks each entry's shape and raises MetricsFileError naming the
entry at fault. `save_metrics` then checks the names against the framework (e.g.
`metrics[3].statement: 'Asessing needs' is not a statement of theme '...'`) and the declared
counts (`check_coverage`), before it saves anything. `save_metrics` takes
the model classes, so the same code runs in the data migration (historical models) and in the
command `load_metrics FILE`. A fuller file loads with no code change: metrics are matched by
(statement, name), updated in place, and those no longer in the file are removed unless a
council has recorded values for them.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

UNITS = ("percent", "number")
CATEGORIES = {
    "People's experience": "people_experience",
    "Feedback from staff and leaders": "staff_leaders",
    "Feedback from partners": "partners",
    "Processes": "processes",
}


class MetricsFileError(ValueError):
    """The metrics file cannot be loaded; the message names the entry at fault."""


@dataclass
class MetricSpec:
    theme: str
    statement: str
    evidence_category: str  # the stored value, e.g. "people_experience"
    name: str
    source: str
    source_full: str
    unit: str


@dataclass
class MetricsSpec:
    slug: str
    framework: str
    title: str
    publisher: str
    url: str
    page_date: str
    retrieved: datetime.date
    licence: str
    complete: bool
    coverage: list[dict]
    not_loaded: list[str]
    notes: str
    metrics: list[MetricSpec] = field(default_factory=list)


def _text(entry: dict, key: str, where: str, *, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise MetricsFileError(f"{where}.{key}: must be text, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise MetricsFileError(f"{where}.{key}: missing")
    return value


def _object(entry: Any, where: str) -> dict:
    if not isinstance(entry, dict):
        raise MetricsFileError(f"{where}: must be an object")
    return entry


def _list(entry: dict, key: str, where: str, *, required: bool = True) -> list:
    value = entry.get(key, None if required else [])
    if not isinstance(value, list) or (required and not value):
        raise MetricsFileError(f"{where}.{key}: must be a non-empty list")
    return value


def _metric(entry: Any, where: str) -> MetricSpec:
    entry = _object(entry, where)
    if entry.get("unconfirmed"):
        raise MetricsFileError(
            f"{where}: marked unconfirmed; only wording confirmed on CQC's page is loaded "
            "(confirm it, or move it to left_out)"
        )
    category = _text(entry, "evidence_category", where)
    if category not in CATEGORIES:
        raise MetricsFileError(
            f"{where}.evidence_category: {category!r} is not one of: {', '.join(CATEGORIES)}"
        )
    unit = _text(entry, "unit", where)
    if unit not in UNITS:
        raise MetricsFileError(f"{where}.unit: {unit!r} is not one of: {', '.join(UNITS)}")
    source = _text(entry, "source", where)
    return MetricSpec(
        theme=_text(entry, "theme", where),
        statement=_text(entry, "statement", where),
        evidence_category=CATEGORIES[category],
        name=_text(entry, "name", where),
        source=source,
        source_full=_text(entry, "source_full", where, required=False) or source,
        unit=unit,
    )


def _coverage(coverage: list) -> list[dict]:
    """The file's declaration of each statement's number of metrics, and whether its list is
    complete (checked against the entries by check_coverage)."""
    declared = []
    for index, entry in enumerate(coverage):
        where = f"coverage[{index}]"
        entry = _object(entry, where)
        statement = _text(entry, "statement", where)
        number = entry.get("metrics")
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise MetricsFileError(f"{where}.metrics: must be a whole number")
        if not isinstance(entry.get("complete"), bool):
            raise MetricsFileError(f"{where}.complete: must be true or false")
        if any(d["statement"] == statement for d in declared):
            raise MetricsFileError(f"{where}.statement: {statement!r} is declared twice")
        declared.append(
            {
                "statement": statement,
                "metrics": number,
                "complete": entry["complete"],
                "note": _text(entry, "note", where, required=False),
            }
        )
    return declared


def check_coverage(spec: MetricsSpec) -> None:
    """Each statement's declared count must be its number of entries, and every statement with
    entries must be declared: a file cannot silently lose or gain a metric."""
    counts = Counter(metric.statement for metric in spec.metrics)
    for index, entry in enumerate(spec.coverage):
        statement, number = entry["statement"], entry["metrics"]
        if counts.get(statement, 0) != number:
            raise MetricsFileError(
                f"coverage[{index}].metrics: {statement!r} declares {number} metrics but the "
                f"file has {counts.get(statement, 0)}"
            )
    undeclared = sorted(set(counts) - {entry["statement"] for entry in spec.coverage})
    if undeclared:
        raise MetricsFileError(f"coverage: no entry for {undeclared[0]!r}, which has metrics")


def _retrieved(source: dict) -> datetime.date:
    text = _text(source, "retrieved", "source")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise MetricsFileError(f"source.retrieved: {text!r} is not a date (YYYY-MM-DD)") from None


def parse_metrics(data: Any) -> MetricsSpec:
    """Check a decoded metrics file and return its specification (nothing is saved)."""
    data = _object(data, "the file")
    source = _object(data.get("source"), "source")
    if not isinstance(data.get("complete"), bool):
        raise MetricsFileError("complete: must be true or false")
    metrics = [
        _metric(entry, f"metrics[{index}]")
        for index, entry in enumerate(_list(data, "metrics", "the file"))
    ]
    seen: dict[tuple[str, str], int] = {}
    for index, metric in enumerate(metrics):
        key = (metric.statement, metric.name)
        if key in seen:
            raise MetricsFileError(
                f"metrics[{index}].name: {metric.name!r} is also metrics[{seen[key]}]"
            )
        seen[key] = index
    not_loaded = _list(data, "not_loaded", "the file", required=False)
    return MetricsSpec(
        slug=_text(data, "slug", "the file"),
        framework=_text(data, "framework", "the file"),
        title=_text(source, "title", "source"),
        publisher=_text(source, "publisher", "source", required=False),
        url=_text(source, "url", "source"),
        page_date=_text(source, "page_date", "source"),
        retrieved=_retrieved(source),
        licence=_text(source, "licence", "source", required=False),
        complete=data["complete"],
        coverage=_coverage(_list(data, "coverage", "the file")),
        not_loaded=[str(title) for title in not_loaded],
        notes=_text(data, "notes", "the file", required=False),
        metrics=metrics,
    )


def read_metrics_file(path: str | Path) -> MetricsSpec:
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MetricsFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MetricsFileError(f"{path}: cannot be read ({exc})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise MetricsFileError(
            f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    return parse_metrics(data)


def _statements(spec: MetricsSpec, framework, statement_model) -> dict[tuple[str, str], Any]:
    """{(theme title, statement title): statement} of the framework, checked against every
    entry of the file: an unknown theme or statement names the entry."""
    known = {
        (s.theme.title, s.title): s
        for s in statement_model.objects.filter(framework=framework).select_related("theme")
    }
    themes = {theme for theme, _ in known}
    titles = {title for _, title in known}
    for index, metric in enumerate(spec.metrics):
        where = f"metrics[{index}]"
        if metric.theme not in themes:
            raise MetricsFileError(
                f"{where}.theme: {metric.theme!r} is not a theme of framework {spec.framework!r}"
            )
        if (metric.theme, metric.statement) not in known:
            raise MetricsFileError(
                f"{where}.statement: {metric.statement!r} is not a statement of theme "
                f"{metric.theme!r}"
            )
    for index, entry in enumerate(spec.coverage):
        if entry["statement"] not in titles:
            raise MetricsFileError(
                f"coverage[{index}].statement: {entry['statement']!r} is not a statement of "
                f"framework {spec.framework!r}"
            )
    return known


def save_metrics(spec: MetricsSpec, *, framework_model, statement_model, list_model, metric_model):
    """Create or update the metric list named by spec.slug, all or nothing: call inside a
    transaction. Returns the list."""
    framework = framework_model.objects.filter(slug=spec.framework).first()
    if framework is None:
        raise MetricsFileError(f"framework: no framework {spec.framework!r} is loaded")
    statements = _statements(spec, framework, statement_model)
    check_coverage(spec)
    metric_list, _ = list_model.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "framework": framework,
            "title": spec.title,
            "publisher": spec.publisher,
            "url": spec.url,
            "page_date": spec.page_date,
            "retrieved": spec.retrieved,
            "licence": spec.licence,
            "complete": spec.complete,
            "coverage": spec.coverage,
            "not_loaded": spec.not_loaded,
            "notes": spec.notes,
        },
    )
    kept = []
    for order, metric in enumerate(spec.metrics, start=1):
        row, _ = metric_model.objects.update_or_create(
            metric_list=metric_list,
            statement=statements[(metric.theme, metric.statement)],
            name=metric.name,
            defaults={
                "order": order,
                "evidence_category": metric.evidence_category,
                "source": metric.source,
                "source_full": metric.source_full,
                "unit": metric.unit,
            },
        )
        kept.append(row.pk)
    stale = metric_model.objects.filter(metric_list=metric_list).exclude(pk__in=kept)
    used = stale.filter(values__isnull=False).values_list("name", flat=True).first()
    if used is not None:
        raise MetricsFileError(
            f"metric {used!r} is missing from the file but councils have recorded values for it"
        )
    stale.delete()
    return metric_list


BUILTIN_FILE = Path(__file__).resolve().parent / "data" / "cqc-la-metrics.json"

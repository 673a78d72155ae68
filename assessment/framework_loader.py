"""Frameworks are data: read a framework file, check every entry, then save it all or nothing.

The file is JSON:
    {"slug", "name", "publisher"?, "version"?, "description"?,
     "themes": [{"slug", "title", "statements": [
         {"slug", "title", "commitment", "i_statements"?: [...], "aliases"?: [...],
          "topics"?: [...]}]}]}

"topics" are the topic headings the inspectorate usually prints under a statement's key
findings; the report importer uses them to tell headings from paragraphs.

`parse_framework` is pure (no ORM) and raises FrameworkFileError naming the entry at fault, e.g.
`themes[2].statements[0].commitment: missing`. `save_framework` takes the model classes so the
same code runs inside a data migration (historical models) and from the management command.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import F

SLUG_RE = re.compile(r"^[-a-z0-9_]+$")


class FrameworkFileError(ValueError):
    """The framework file cannot be loaded; the message names the file entry at fault."""


@dataclass
class StatementSpec:
    slug: str
    title: str
    commitment: str
    i_statements: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


@dataclass
class ThemeSpec:
    slug: str
    title: str
    statements: list[StatementSpec]


@dataclass
class FrameworkSpec:
    slug: str
    name: str
    publisher: str
    version: str
    description: str
    themes: list[ThemeSpec]

    @property
    def statement_count(self) -> int:
        return sum(len(theme.statements) for theme in self.themes)


def _text(entry: dict, key: str, where: str, *, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise FrameworkFileError(f"{where}.{key}: must be text, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise FrameworkFileError(f"{where}.{key}: missing")
    return value


def _slug(entry: dict, where: str) -> str:
    slug = _text(entry, "slug", where)
    if not SLUG_RE.match(slug):
        raise FrameworkFileError(
            f"{where}.slug: {slug!r} may hold only lower-case letters, digits, - and _"
        )
    return slug


def _text_list(entry: dict, key: str, where: str) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise FrameworkFileError(f"{where}.{key}: must be a list of text")
    items = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise FrameworkFileError(f"{where}.{key}[{i}]: must be non-empty text")
        items.append(item.strip())
    return items


def _list(entry: dict, key: str, where: str) -> list:
    value = entry.get(key)
    if not isinstance(value, list) or not value:
        raise FrameworkFileError(f"{where}.{key}: must be a non-empty list")
    return value


def parse_framework(data: Any) -> FrameworkSpec:
    """Check a decoded framework file and return its specification."""
    if not isinstance(data, dict):
        raise FrameworkFileError("the file must hold one JSON object (the framework)")
    themes: list[ThemeSpec] = []
    theme_slugs: set[str] = set()
    statement_slugs: set[str] = set()
    for t_index, theme in enumerate(_list(data, "themes", "framework")):
        t_where = f"themes[{t_index}]"
        if not isinstance(theme, dict):
            raise FrameworkFileError(f"{t_where}: must be an object")
        t_slug = _slug(theme, t_where)
        if t_slug in theme_slugs:
            raise FrameworkFileError(f"{t_where}.slug: {t_slug!r} is used by another theme")
        theme_slugs.add(t_slug)
        statements = []
        for s_index, statement in enumerate(_list(theme, "statements", t_where)):
            s_where = f"{t_where}.statements[{s_index}]"
            if not isinstance(statement, dict):
                raise FrameworkFileError(f"{s_where}: must be an object")
            s_slug = _slug(statement, s_where)
            if s_slug in statement_slugs:
                raise FrameworkFileError(f"{s_where}.slug: {s_slug!r} is used by another statement")
            statement_slugs.add(s_slug)
            statements.append(
                StatementSpec(
                    slug=s_slug,
                    title=_text(statement, "title", s_where),
                    commitment=_text(statement, "commitment", s_where),
                    i_statements=_text_list(statement, "i_statements", s_where),
                    aliases=_text_list(statement, "aliases", s_where),
                    topics=_text_list(statement, "topics", s_where),
                )
            )
        themes.append(
            ThemeSpec(slug=t_slug, title=_text(theme, "title", t_where), statements=statements)
        )
    return FrameworkSpec(
        slug=_slug(data, "framework"),
        name=_text(data, "name", "framework"),
        publisher=_text(data, "publisher", "framework", required=False),
        version=_text(data, "version", "framework", required=False),
        description=_text(data, "description", "framework", required=False),
        themes=themes,
    )


def read_framework_file(path: str | Path) -> FrameworkSpec:
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkFileError(f"{path}: cannot be read ({exc})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise FrameworkFileError(
            f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    return parse_framework(data)


def save_framework(spec: FrameworkSpec, *, framework_model, theme_model, statement_model):
    """Create or update the framework named by spec.slug. Call inside a transaction.

    Existing themes and statements are matched by slug and updated in place, so re-loading a file
    is harmless and scores already recorded against a statement stay attached to it.
    """
    framework, _ = framework_model.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "name": spec.name,
            "publisher": spec.publisher,
            "version": spec.version,
            "description": spec.description,
        },
    )
    # Positions may swap between versions; park existing rows out of the way first so the
    # unique (framework, order) constraints never see two rows at once on one position.
    theme_model.objects.filter(framework=framework).update(order=F("order") + PARKED)
    statement_model.objects.filter(framework=framework).update(order=F("order") + PARKED)
    number = 0
    for t_order, theme_spec in enumerate(spec.themes, start=1):
        theme, _ = theme_model.objects.update_or_create(
            framework=framework,
            slug=theme_spec.slug,
            defaults={"title": theme_spec.title, "order": t_order},
        )
        for statement_spec in theme_spec.statements:
            number += 1
            values = {
                "theme": theme,
                "order": number,
                "title": statement_spec.title,
                "commitment": statement_spec.commitment,
                "i_statements": statement_spec.i_statements,
                "aliases": statement_spec.aliases,
                "topic_headings": statement_spec.topics,
            }
            # Early migrations run this with historical models that lack later fields.
            fields = {f.name for f in statement_model._meta.get_fields()}
            statement_model.objects.update_or_create(
                framework=framework,
                slug=statement_spec.slug,
                defaults={k: v for k, v in values.items() if k in fields},
            )
    # Entries the file no longer has: drop them unless an assessment already uses them.
    stale_statements = statement_model.objects.filter(framework=framework, order__gt=PARKED)
    used = list(stale_statements.filter(scores__isnull=False).values_list("slug", flat=True))
    if used:
        raise FrameworkFileError(
            f"statement {used[0]!r} is missing from the file but assessments already score it"
        )
    stale_statements.delete()
    theme_model.objects.filter(framework=framework, order__gt=PARKED).delete()
    return framework


PARKED = 10000


BUILTIN_DIR = Path(__file__).resolve().parent / "frameworks"
CQC_LOCAL_AUTHORITY_FILE = BUILTIN_DIR / "cqc-local-authority.json"
CQC_LOCAL_AUTHORITY_SLUG = "cqc-local-authority"

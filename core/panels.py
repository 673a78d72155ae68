"""Extension point: other apps add panels to pages of this app without assessment importing
them (dependencies point one way: actions -> findings -> assessment).

A setting lists dotted paths of callables `panel(request, obj)` that return a Panel or None:
STATEMENT_PANELS (obj: the StatementScore), ASSESSMENT_PANELS (obj: the Assessment),
ORGANISATION_PANELS (obj: the Organisation), and FINDING_PANELS (obj: a findings.Finding;
rendered by the findings app). Each panel must read what
it shows in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass
class Panel:
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


def collect(setting: str, request, obj) -> list[Panel]:
    panels = []
    for dotted in getattr(settings, setting, []):
        panel = import_string(dotted)(request, obj)
        if panel is not None:
            panels.append(panel)
    return panels


def statement_panels(request, score_record) -> list[Panel]:
    return collect("STATEMENT_PANELS", request, score_record)


def assessment_panels(request, assessment) -> list[Panel]:
    return collect("ASSESSMENT_PANELS", request, assessment)

"""Extension point: other apps add panels to the statement page without assessment importing
them (dependencies point one way: actions -> findings -> assessment).

settings.STATEMENT_PANELS lists dotted paths of callables `panel(request, score_record)` that
return a Panel or None. Each panel must read what it shows in a fixed number of queries.
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


def statement_panels(request, score_record) -> list[Panel]:
    panels = []
    for dotted in getattr(settings, "STATEMENT_PANELS", []):
        panel = import_string(dotted)(request, score_record)
        if panel is not None:
            panels.append(panel)
    return panels

"""What one generation run carries from table to table."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import TextIO

from actions.datagen.scales import Scale


@dataclass
class Run:
    scale: Scale
    rng: random.Random
    today: datetime.date
    out: TextIO
    framework: object = None
    statements: list = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # table: rows written
    timings: dict[str, float] = field(default_factory=dict)  # table: seconds, for big ones
    # What later tables point at, as each earlier table is written.
    organisations: list = field(default_factory=list)
    users_by_org: dict[int, list] = field(default_factory=dict)
    assessments: list = field(default_factory=list)
    topics_by_key: dict[tuple[int, int], list] = field(default_factory=dict)
    categories_by_org: dict[int, list] = field(default_factory=dict)
    areas_by_org: dict[int, list] = field(default_factory=dict)
    plan_rows: list[tuple[int, int, str]] = field(default_factory=list)
    action_rows: list[tuple[int, int, str, int]] = field(default_factory=list)


def by_organisation(rows) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.organisation_id, []).append(row)
    return grouped

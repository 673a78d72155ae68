"""Realistic data at scale, for benchmarks: councils, assessments, findings, evidence,
complaints, plans.

Everything is written with bulk inserts in batches (no per-row saves, no history rows), from a
seeded random generator so two runs give the same data. `national` is every council in England
at once; `small` is for tests. One function per table (assessments.py, complaints.py,
plans.py), in the order below: each takes what the earlier ones made from the Run.
"""

from __future__ import annotations

import random
import sys

from django.db import transaction
from django.utils import timezone

from actions.datagen import assessments, complaints, evidence, plans
from actions.datagen.run import Run
from actions.datagen.scales import PREFIX, SCALES, Scale
from actions.models import ActionStatusSnapshot
from assessment.models import Framework, Organisation

TABLES = [
    assessments.organisations,
    assessments.users,
    assessments.assessments,
    assessments.topics,
    assessments.findings,
    evidence.evidence,
    complaints.categories_and_areas,
    complaints.complaints,
    plans.plans,
    plans.actions,
    plans.action_findings,
    plans.progress_updates,
    plans.reviews,
]


def already_generated() -> bool:
    return Organisation.objects.filter(name__startswith=PREFIX).exists()


def generate(scale_name: str, *, seed: int = 2024, out=sys.stderr):
    """Fill the database. Returns ({table: rows written}, {table: seconds}) for the summary."""
    framework = Framework.objects.get(slug="cqc-local-authority")
    run = Run(
        scale=SCALES[scale_name],
        rng=random.Random(seed),
        today=timezone.localdate(),
        out=out,
        framework=framework,
        statements=list(framework.statements.order_by("order")),
    )
    with transaction.atomic():
        for table in TABLES:
            table(run)
        # The chart's recorded history predates these back-dated actions: count it again.
        ActionStatusSnapshot.objects.all().delete()
    return run.counts, run.timings


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL), so it picks the indexes."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM too when it can run (never inside a transaction): its visibility map lets
            # counts use index-only scans.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


__all__ = ["PREFIX", "SCALES", "Scale", "already_generated", "analyze", "generate"]

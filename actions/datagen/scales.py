"""How much data each scale makes, and the words it is made of."""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "Generated"


@dataclass(frozen=True)
class Scale:
    councils: int
    assessments_per_council: int
    findings_per_statement: int
    complaints: int
    complaint_years: int
    plans: int
    actions: int
    updates: int
    users_per_council: int
    evidence_per_council: int = 20


SCALES = {
    # About ten rows of everything: the benchmark counts each page's queries here and at
    # national scale, to show that the number does not grow with the data.
    "tiny": Scale(
        councils=1,
        assessments_per_council=1,
        findings_per_statement=1,
        complaints=10,
        complaint_years=1,
        plans=2,
        actions=10,
        updates=10,
        users_per_council=2,
    ),
    "small": Scale(
        councils=3,
        assessments_per_council=2,
        findings_per_statement=4,
        complaints=600,
        complaint_years=3,
        plans=6,
        actions=60,
        updates=150,
        users_per_council=3,
    ),
    "national": Scale(
        councils=153,
        assessments_per_council=3,
        findings_per_statement=50,
        complaints=1_000_000,
        complaint_years=10,
        plans=20_000,
        actions=100_000,
        updates=300_000,
        users_per_council=4,
        evidence_per_council=200,
    ),
}

BATCH = 5000

CATEGORIES = [
    "Poor or lack of communication",
    "Delay in service",
    "Staff conduct or behaviour",
    "Quality of care",
    "Charging and financial assessment",
    "Assessment or care plan decision",
    "Safeguarding process",
    "Other",
]
SERVICE_AREAS = [
    "Community support",
    "Hospital discharge and reablement",
    "Learning disability services",
    "Mental health services",
    "Financial assessment team",
    "Occupational therapy",
    "Safeguarding team",
]
OPENINGS = [
    ("staff", "Staff told us"),
    ("partners", "Partners told us"),
    ("people", "People told us"),
    ("providers", "Providers told us"),
    ("leaders", "Senior leaders told us"),
    ("data", "Data showed that"),
]
SUBJECTS = [
    "waiting times for assessments had fallen over the last year",
    "learning from safeguarding reviews was not checked for its effect on practice",
    "carers were not told what changed after they gave feedback",
    "joint working with health partners had improved hospital discharge",
    "information and advice were hard to find for people who do not use the internet",
    "reviews of care plans were often overdue",
    "direct payments gave people more choice and control",
    "staff felt supported by regular supervision and reflective practice",
]
ACTION_TITLES = [
    "Track each safeguarding review recommendation to completion",
    "Publish a 'You said, we did' summary after every carers forum",
    "Reduce the assessment waiting list",
    "Train front line teams on complaint learning",
    "Review overdue care plans",
    "Improve information for people who are not online",
]

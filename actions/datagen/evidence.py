"""Each council's evidence library: items owned by its members, review dates spread from two
months past to a year ahead (some none), each supporting two findings of the council."""

from __future__ import annotations

import datetime

from actions.datagen.bulk import insert
from actions.datagen.run import Run
from findings.models import Evidence, Finding

KINDS = ("document", "dataset", "survey", "note")
TITLES = (
    "Board minutes",
    "Carers' survey results",
    "Safeguarding audit",
    "Waiting list report",
    "Co-production forum notes",
    "Quality assurance framework",
    "Workforce strategy",
    "Complaints learning review",
)


def evidence(run: Run) -> None:
    rng, per_council = run.rng, run.scale.evidence_per_council

    def rows():
        for org in run.organisations:
            members = run.users_by_org[org.pk]
            for n in range(per_council):
                review = rng.randint(-60, 365)
                yield Evidence(
                    organisation=org,
                    title=f"{rng.choice(TITLES)} {2020 + n % 6} #{n}",
                    kind="note",
                    description=f"{rng.choice(KINDS).capitalize()} held by the council.",
                    owner=members[n % len(members)],
                    review_date=None if review > 300 else run.today + datetime.timedelta(review),
                )

    total = len(run.organisations) * per_council
    run.timings["evidence"] = insert("evidence", Evidence, total, rows(), run.out)
    run.counts["evidence"] = total
    evidence_links(run)


def evidence_links(run: Run) -> None:
    """Two findings of its own council per item."""
    rng = run.rng
    findings: dict[int, list[int]] = {}
    rows = Finding.objects.filter(topic__assessment__organisation__in=run.organisations)
    for pk, org_id in rows.values_list("pk", "topic__assessment__organisation_id").iterator():
        findings.setdefault(org_id, []).append(pk)
    through = Evidence.findings.through
    items = Evidence.objects.filter(organisation__in=run.organisations).values_list(
        "pk", "organisation_id"
    )

    def links():
        for pk, org_id in items.iterator():
            mine = findings.get(org_id, [])
            for finding_id in rng.sample(mine, min(2, len(mine))):
                yield through(evidence_id=pk, finding_id=finding_id)

    total = 2 * run.counts["evidence"]
    run.timings["evidence links"] = insert("evidence links", through, total, links(), run.out)
    run.counts["evidence links"] = total

"""Benchmark: time to build the assessment report PDF for an assessment with N findings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \
        .venv/bin/python bench/report_pdf.py --findings 500 --runs 3

Creates (once) an assessment with every statement scored and N findings spread over the
statements' usual topics, then times report_selectors.assessment_report + WeasyPrint.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from assessment import services as assessment_services  # noqa: E402
from assessment.models import Assessment, Framework, Organisation  # noqa: E402
from findings.models import Finding, Topic  # noqa: E402
from findings.selectors.report import assessment_report  # noqa: E402
from findings.services.report_exports import report_pdf  # noqa: E402

PARAGRAPH = (
    "Partners told us that learning from safeguarding adults reviews was shared at the board, "
    "but that the local authority did not check whether practice had changed as a result. "
    "Staff were unclear how learning reached front line teams, and people who raised concerns "
    "were not told what had happened."
)


def assessment_with(findings: int) -> Assessment:
    organisation, _ = Organisation.objects.get_or_create(name=f"PDF Benchmark {findings}")
    assessment = Assessment.objects.filter(organisation=organisation).first()
    if assessment is not None:
        return assessment
    framework = Framework.objects.get(slug="cqc-local-authority")
    assessment = assessment_services.create_assessment(
        assessment=Assessment(organisation=organisation, framework=framework, title="Benchmark"),
        user=None,
    )
    for record in assessment.scores.all():
        assessment_services.set_statement_score(score_record=record, score=3, summary="", user=None)
    statements = list(framework.statements.order_by("order"))
    topics = []
    for statement in statements:
        for order, title in enumerate(statement.topic_headings or ["Findings"]):
            topics.append(
                Topic.objects.create(
                    assessment=assessment, statement=statement, title=title, order=order
                )
            )
    Finding.objects.bulk_create(
        Finding(topic=topics[n % len(topics)], order=n, text=f"{PARAGRAPH} ({n + 1})")
        for n in range(findings)
    )
    return assessment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    assessment = assessment_with(args.findings)
    times, size, pages = [], 0, 0
    for _ in range(args.runs):
        started = time.perf_counter()
        pdf = report_pdf(assessment_report(assessment))
        times.append(time.perf_counter() - started)
        size = len(pdf)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"findings           {args.findings}")
    print(f"PDF size           {size / 1e6:.2f} MB, {pages} pages")
    print(f"time per PDF       median {statistics.median(times):.2f} s, max {max(times):.2f} s")


if __name__ == "__main__":
    main()

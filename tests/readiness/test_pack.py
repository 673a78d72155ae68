"""The information return pack: a real PDF and a real workbook, built by a job once per version,
holding the self-assessment, the evidence per statement, the metrics with their trends and the
action plans' progress since the last CQC assessment."""

import datetime
import io
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessment.models import Assessment
from core.people import person_name
from jobs.models import Job
from readiness.models import Metric
from readiness.services.self_assessment import save_self_assessment, save_summary
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.findings.factories import EvidenceFactory
from tests.jobs.helpers import fetch_built_document, run_worker
from tests.readiness.factories import value_for

pytestmark = pytest.mark.django_db

SATISFIED = "% of people satisfied with care and support"


@pytest.fixture
def council(assessment, record, officer):
    """A self-assessed statement with evidence, a metric with values, a plan's progress."""
    Assessment.objects.filter(pk=assessment.pk).update(published_date=datetime.date(2024, 9, 1))
    assessment.refresh_from_db()
    evidence = EvidenceFactory(
        assessment=assessment,
        title="Carers' survey results 2024",
        owner=officer,
        review_date=datetime.date(2027, 3, 31),
    )
    save_self_assessment(
        score_record=record,
        user=officer,
        score=3,
        narrative='=HYPERLINK("http://x.example","click") is text, not a formula.',
        strengths="Strengths-based assessments.",
        evidence={0: [evidence], 2: [evidence]},
    )
    save_summary(assessment=assessment, user=officer, narrative="Where we stand in 2026.")
    metric = Metric.objects.get(name=SATISFIED)
    value_for(assessment.organisation, metric, 2023, "61.0", england=Decimal("62"))
    value_for(assessment.organisation, metric, 2024, "64.3", target=Decimal("63"))
    plan = ActionPlanFactory(assessment=assessment, title="Waiting lists plan")
    action = ActionFactory(plan=plan, title="Clear the review backlog", owner=officer)
    ProgressUpdateFactory(action=action, author=officer, text="Half the backlog cleared.")
    return assessment


def test_the_pack_is_a_real_pdf(council, officer_client):
    pdf = fetch_built_document(officer_client, reverse("readiness:pack-pdf", args=[council.pk]))
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Information return pack" in text
    assert "Where we stand in 2026." in text
    assert "Self-assessed: 3 – Evidence shows a good standard" in text
    assert "Carers' survey results 2024" in text
    assert SATISFIED in text
    assert "Up 3.3 points since 2023-24" in text
    assert "Action plan progress since 1 September 2024" in text
    assert "Half the backlog cleared." in text
    assert reader.metadata.title.startswith("Information return pack:")
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, as every PDF of ours


def test_the_pack_is_a_real_workbook(council, officer_client, officer):
    content = fetch_built_document(
        officer_client, reverse("readiness:pack-xlsx", args=[council.pk])
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [
        "Summary",
        "Self-assessment",
        "Evidence",
        "Metrics",
        "Action plan progress",
    ]
    summary = dict(workbook["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Summary narrative"] == "Where we stand in 2026."
    assert summary["Progress reported since"] == "1 September 2024"
    own = list(workbook["Self-assessment"].iter_rows(values_only=True))
    needs = next(row for row in own if row[1] == "Assessing needs")
    assert needs[3] == 3
    cell = next(c for c in workbook["Self-assessment"]["F"] if str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s"  # formula-safe: kept as text
    evidence = list(workbook["Evidence"].iter_rows(min_row=2, values_only=True))
    assert evidence == [
        (
            "Assessing needs",
            "Carers' survey results 2024",
            "Note",
            None,
            person_name(officer),
            datetime.datetime(2027, 3, 31),
            0,
            "yes",
            "2",
            None,
        )
    ]
    metrics = list(workbook["Metrics"].iter_rows(min_row=2, values_only=True))
    assert [(row[3], row[4], row[5], row[7]) for row in metrics] == [
        (SATISFIED, "2023-24", 61, None),  # no target that year
        (SATISFIED, "2024-25", 64.3, "yes"),
    ]
    actions = list(workbook["Action plan progress"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1], row[7], row[8]) for row in actions] == [
        ("Waiting lists plan", "Clear the review backlog", 1, "Half the backlog cleared.")
    ]


def test_each_version_is_built_once(council, officer_client, officer):
    url = reverse("readiness:pack-pdf", args=[council.pk])
    fetch_built_document(officer_client, url)
    again = officer_client.get(url)
    assert again.status_code == HTTPStatus.OK  # the stored file: no new job
    assert Job.objects.filter(kind=Job.Kind.RETURN_PACK_PDF).count() == 1
    record = council.scores.get(statement__slug="assessing-needs")
    save_self_assessment(score_record=record, user=officer, score=2)
    changed = officer_client.get(url)
    assert changed.status_code == HTTPStatus.ACCEPTED  # a new version is being built
    run_worker()
    assert Job.objects.filter(kind=Job.Kind.RETURN_PACK_PDF, status="done").count() == 2


def test_a_new_metric_value_is_a_new_version(council, officer_client):
    url = reverse("readiness:pack-xlsx", args=[council.pk])
    fetch_built_document(officer_client, url)
    metric = Metric.objects.exclude(name=SATISFIED).first()
    value_for(council.organisation, metric, 2024, 50)
    assert officer_client.get(url).status_code == HTTPStatus.ACCEPTED

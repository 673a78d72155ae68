"""Every PDF (the assessment report, the action plan, the information return pack) is a tagged
PDF/UA-1 document, read back with pypdf: marked ("Tagged: yes" in pdfinfo), a structure tree
with headings and tables, the document language, and the report's title in the document
information and the XMP metadata, which viewers show instead of the file name."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from actions.models import Action
from assessment.pdf import render_pdf
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.assessment.factories import AssessmentFactory, OrganisationFactory, score_all
from tests.factories import make_member
from tests.findings.factories import FindingFactory
from tests.jobs.helpers import fetch_built_document

pytestmark = pytest.mark.django_db


def structure_types(reader: PdfReader) -> set[str]:
    """Every structure element type (/H1, /Table, /P, ...) in the document's tag tree."""
    found, pending = set(), [reader.trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending += [child.get_object() for child in node]
            continue
        if not hasattr(node, "get"):
            continue  # a marked-content id: the leaf under an element
        if "/S" in node:
            found.add(str(node["/S"]))
        if "/K" in node:
            kids = node["/K"].get_object()
            pending += kids if isinstance(kids, list) else [kids]
    return found


def assert_tagged(data: bytes, title: str) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == title
    assert reader.xmp_metadata.dc_title["x-default"] == title
    assert 'pdfuaid:part="1"' in reader.xmp_metadata.rdf_root.toxml()  # claims PDF/UA-1
    return structure_types(reader)


@pytest.fixture
def assessment(cqc_framework, officer):
    northshire = OrganisationFactory(name="Northshire County Council")
    make_member(officer, northshire, "officer")
    assessment = AssessmentFactory(
        organisation=northshire,
        title="Adult social care 2024",
    )
    score_all(assessment, [3, 3, 2, 3, 3, 2, 2, 3, None])
    FindingFactory(topic__assessment=assessment, text="Staff told us training was good.")
    return assessment


def test_assessment_report_pdf_is_tagged_with_language_and_title(officer_client, assessment):
    content = fetch_built_document(
        officer_client, reverse("findings:assessment-report-pdf", args=[assessment.pk])
    )
    types = assert_tagged(content, "Northshire County Council: Adult social care 2024")
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/P"} <= types


def test_plan_pdf_is_tagged_with_language_and_title(officer_client, assessment):
    plan = ActionPlanFactory(assessment=assessment, title="Safeguarding learning plan")
    ActionFactory(plan=plan, title="Audit SAR learning", status=Action.Status.IN_PROGRESS)
    content = fetch_built_document(officer_client, reverse("actions:plan-pdf", args=[plan.pk]))
    types = assert_tagged(content, "Safeguarding learning plan")
    assert {"/H1", "/Table", "/TH", "/TD"} <= types


def test_information_return_pack_is_tagged_with_language_and_title(officer_client, assessment):
    content = fetch_built_document(
        officer_client, reverse("readiness:pack-pdf", args=[assessment.pk])
    )
    title = "Information return pack: Northshire County Council, Adult social care 2024"
    types = assert_tagged(content, title)
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/P"} <= types


def test_render_pdf_takes_language_and_title_from_the_html():
    html = '<html lang="cy"><head><title>Adroddiad</title></head><body><h1>Hi</h1></body></html>'
    reader = PdfReader(io.BytesIO(render_pdf(html)))
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert reader.metadata.title == "Adroddiad"

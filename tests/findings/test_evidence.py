import io
import zipfile
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from findings.models import Evidence
from tests.assessment.factories import AssessmentFactory
from tests.findings.factories import EvidenceFactory, FindingFactory, TopicFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def assessment(cqc_framework):
    return AssessmentFactory()


def upload(client, assessment, name, content, **extra):
    data = {
        "title": "Annual complaints report 2023",
        "kind": "document",
        "description": "",
        "file": SimpleUploadedFile(name, content),
        **extra,
    }
    return client.post(reverse("findings:evidence-create", args=[assessment.pk]), data)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_officer_uploads_pdf_linked_to_a_finding(officer_client, assessment):
    finding = FindingFactory(topic=TopicFactory(assessment=assessment))
    response = upload(
        officer_client, assessment, "../../etc/Complaints Report.PDF", PDF, findings=[finding.pk]
    )
    evidence = Evidence.objects.get()
    assert response.url == evidence.get_absolute_url()
    assert evidence.original_filename == "Complaints Report.PDF"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF)
    # Stored under a random name: nothing of the user's file name, no path traversal.
    assert evidence.file.name.startswith("evidence/")
    assert "Complaints" not in evidence.file.name
    assert ".." not in evidence.file.name
    assert evidence.file.name.endswith(".pdf")
    assert list(finding.evidence.all()) == [evidence]


def test_docx_is_checked_by_content(officer_client, assessment):
    upload(officer_client, assessment, "survey.docx", docx_bytes())
    assert Evidence.objects.get().content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00PE\x00\x00", "does not contain what"),
        ("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00", "does not contain what"),
        ("data.xlsx", docx_bytes(), "does not contain what"),  # a Word file named .xlsx
        ("setup.exe", b"MZ\x90\x00", "is not an allowed type"),
        ("photo.png", b"\xff\xd8\xff\xe0 jpeg", "does not contain what"),
        ("empty.csv", b"", "is empty"),
    ],
)
def test_disguised_or_disallowed_files_are_refused(
    officer_client, assessment, name, content, message
):
    response = upload(officer_client, assessment, name, content)
    assert response.status_code == HTTPStatus.OK
    assert message in str(response.context["form"].errors["file"])
    # Only the file's own error: not also "upload a file or give a link".
    assert not response.context["form"].non_field_errors()
    assert not Evidence.objects.exists()


def test_size_limit_comes_from_settings(officer_client, assessment, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1024 * 1024
    response = upload(officer_client, assessment, "big.txt", b"a" * (1024 * 1024 + 1))
    assert "the limit is 1 MB" in str(response.context["form"].errors["file"])
    assert not Evidence.objects.exists()


def test_file_or_link_not_both(officer_client, assessment):
    response = upload(officer_client, assessment, "r.pdf", PDF, url="https://example.org/report")
    assert "not both" in str(response.context["form"].errors)
    response = officer_client.post(
        reverse("findings:evidence-create", args=[assessment.pk]),
        {"title": "Survey", "kind": "survey"},
    )
    assert "Upload a file or give a link" in str(response.context["form"].errors)
    assert not Evidence.objects.exists()


def test_file_is_served_only_to_logged_in_users(client, officer, nobody, assessment):
    client.force_login(officer)
    upload(client, assessment, "report.pdf", PDF)
    evidence = Evidence.objects.get()
    url = reverse("findings:evidence-file", args=[evidence.pk])

    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"

    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == HTTPStatus.FOUND
    assert anonymous.url.startswith(reverse("login"))

    client.force_login(nobody)
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    # The media folder is not served at all.
    assert client.get(f"/media/{evidence.file.name}").status_code == HTTPStatus.NOT_FOUND


def test_evidence_list_and_detail_query_counts(
    officer_client, assessment, django_assert_max_num_queries
):
    topic = TopicFactory(assessment=assessment)
    findings = FindingFactory.create_batch(55, topic=topic)
    items = EvidenceFactory.create_batch(56, assessment=assessment)
    for item, finding in zip(items, findings, strict=False):
        item.findings.add(finding)
    items[0].findings.set(findings)
    with django_assert_max_num_queries(9):
        response = officer_client.get(reverse("findings:evidence-list", args=[assessment.pk]))
    # The assessment's page lists the evidence supporting its findings; the 56th supports none.
    assert response.context["paginator"].count == 55
    # Evidence, its findings, versions, history, the self-assessments relying on it: one each.
    with django_assert_max_num_queries(11):
        response = officer_client.get(items[0].get_absolute_url())
    assert response.content.decode().count("/findings/") >= 55

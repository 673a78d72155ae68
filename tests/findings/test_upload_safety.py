"""Uploads that used to escape as 500s or run past a request: each is refused in words.

Every hostile file is made here, small: a zip bomb is a few KB of zeros that would unzip to
megabytes, checked against a limit lowered for the test (the defaults are pinned apart).
"""

import io
import zipfile
import zlib
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from complaints import importer
from complaints.models import Complaint
from core.uploads import MAX_UNZIP_RATIO, check_upload
from findings.models import Evidence, Finding
from findings.services.reports import ReportReadError, pdf_text
from jobs.models import Job
from tests.assessment.factories import AssessmentFactory, OrganisationFactory
from tests.factories import make_member
from tests.jobs.helpers import job_problems, run_started_job

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
SEED_TEXT = (
    Path(__file__).resolve().parents[2]
    / "findings"
    / "demo_data"
    / "learning-improvement-innovation.txt"
).read_text()


@pytest.fixture
def org(officer):
    uploadshire = OrganisationFactory(name="Uploadshire")
    make_member(officer, uploadshire, "officer")
    return uploadshire


@pytest.fixture
def assessment(cqc_framework):
    return AssessmentFactory()


def import_page(client, org, name, content):
    return client.post(
        reverse("complaints:complaint-import"),
        {"organisation": org.pk, "file": SimpleUploadedFile(name, content)},
    )


def page_errors(response) -> list[str]:
    """The problems the import's job page lists, once a worker has run it."""
    job = run_started_job(response)
    assert job.status == "failed"
    return job_problems(job)


def form_errors(response) -> list[str]:
    """What the import page refused before storing the file (nothing was queued)."""
    assert response.status_code == HTTPStatus.OK
    assert not Job.objects.exists()
    return response.context["form"].errors["file"]


# --- complaints: text files -----------------------------------------------------------------


def test_csv_with_a_nul_byte_is_refused_naming_its_line(officer_client, org):
    content = b"reference,date_received\nMAC-1,2025-04-02\nMAC-2\x00,2025-04-03\n"
    response = import_page(officer_client, org, "complaints.csv", content)
    assert form_errors(response) == ["line 3 contains a NUL byte: the file is not plain text."]
    assert not Complaint.objects.exists()


def test_csv_with_cr_only_line_ends_is_read(officer_client, org):
    content = b"reference,date_received\rMAC-1,2025-04-02\r"
    response = import_page(officer_client, org, "complaints.csv", content)
    assert run_started_job(response).status == "done"
    assert list(Complaint.objects.values_list("reference", flat=True)) == ["MAC-1"]


def test_csv_saved_as_unicode_text_by_excel_is_read(org):
    content = "reference,date_received\r\nMAC-1,2025-04-02\r\n".encode("utf-16")
    result = importer.import_complaints(
        user=None, organisation=org, filename="complaints.csv", content=content
    )
    assert result.created == 1


def test_csv_that_the_csv_reader_refuses_names_the_line(org):
    content = b"reference,date_received,summary\nMAC-1,2025-04-02,%s\n" % (b"x" * 200_000)
    with pytest.raises(importer.ComplaintImportError) as error:
        importer.import_complaints(user=None, organisation=org, filename="c.csv", content=content)
    assert str(error.value.errors[0]).startswith("Row 2: not readable as CSV (field larger")


# --- zips: XLSX imports and DOCX/XLSX evidence -----------------------------------------------


def xlsx_with(extra: bytes) -> bytes:
    """A real workbook (one complaint) with an extra member of `extra`, deflated."""
    workbook = Workbook()
    workbook.active.append(["reference", "date_received"])
    workbook.active.append(["MAC-1", "2025-04-02"])
    out = io.BytesIO()
    workbook.save(out)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", extra)
    return out.getvalue()


@pytest.fixture
def openpyxl_must_not_read(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to unzip the file")

    monkeypatch.setattr("openpyxl.load_workbook", refuse)


def test_xlsx_zip_bomb_is_refused_before_it_is_unzipped(
    officer_client, org, openpyxl_must_not_read
):
    bomb = xlsx_with(bytes(4 * MB))  # 4 MB of zeros pack into ~4 KB: ratio far above 100
    assert len(bomb) * MAX_UNZIP_RATIO < 4 * MB
    (error,) = form_errors(import_page(officer_client, org, "complaints.xlsx", bomb))
    assert "“complaints.xlsx” would unzip to 4.1 MB" in error
    assert f"or {MAX_UNZIP_RATIO} times their size" in error
    assert not Complaint.objects.exists()


def test_xlsx_unzipping_past_the_size_limit_is_refused(org, settings, openpyxl_must_not_read):
    settings.UPLOAD_MAX_UNZIPPED_BYTES = 1 * MB
    content = xlsx_with(zlib.compress(bytes(range(256)) * 6000, 0))  # ~1.5 MB, incompressible
    with pytest.raises(importer.ComplaintImportError) as error:
        importer.import_complaints(user=None, organisation=org, filename="c.xlsx", content=content)
    assert "files are refused above 1 MB" in str(error.value.errors[0])


def test_ordinary_xlsx_still_imports(org):
    result = importer.import_complaints(
        user=None, organisation=org, filename="c.xlsx", content=xlsx_with(b"small")
    )
    assert result.created == 1


def docx_with(document: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    return out.getvalue()


@pytest.mark.parametrize("name", ["survey.docx", "data.xlsx"])
def test_evidence_zip_bomb_is_refused(officer_client, assessment, name):
    content = docx_with(bytes(8 * MB))
    if name.endswith(".xlsx"):
        content = xlsx_with(bytes(8 * MB))
    response = officer_client.post(
        reverse("findings:evidence-create", args=[assessment.pk]),
        {"title": "Survey", "kind": "document", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == HTTPStatus.OK
    assert f"“{name}” would unzip to 8.1 MB" in str(response.context["form"].errors["file"])
    assert not Evidence.objects.exists()


def test_default_limits_are_the_documented_ones():
    """README (Importing complaints, Importing a published report, Evidence) gives these."""
    assert settings.UPLOAD_MAX_UNZIPPED_BYTES == 100 * MB
    assert MAX_UNZIP_RATIO == 100
    assert settings.COMPLAINTS_IMPORT_MAX_UPLOAD_BYTES == 100 * MB
    assert settings.COMPLAINTS_IMPORT_MAX_ROWS == 500_000
    assert settings.REPORT_IMPORT_MAX_CHARS == 500_000
    assert settings.REPORT_IMPORT_MAX_PAGES == 150


# --- sizes: refused before reading ----------------------------------------------------------


class UnreadableUpload:
    """An upload whose size says too big; reading it fails the test."""

    def __init__(self, name, size):
        self.name, self.size = name, size

    def read(self, *args):
        raise AssertionError("the upload was read")

    seek = read


def test_oversized_evidence_is_refused_from_its_size_alone(settings):
    upload = UnreadableUpload("scan.pdf", settings.EVIDENCE_MAX_UPLOAD_BYTES + 1)
    with pytest.raises(ValidationError, match="the limit is 20 MB"):
        check_upload(upload)


def test_oversized_complaints_file_is_refused_before_reading(
    officer_client, org, settings, monkeypatch
):
    settings.COMPLAINTS_IMPORT_MAX_UPLOAD_BYTES = 1 * MB

    def refuse(**kwargs):
        raise AssertionError("the importer read the file")

    monkeypatch.setattr(importer, "import_complaints", refuse)
    content = b"reference,date_received\n" + b"MAC-1,2025-04-02\n" * 80_000  # 1.3 MB
    response = import_page(officer_client, org, "big.csv", content)
    assert response.status_code == HTTPStatus.OK
    (error,) = response.context["form"].errors["file"]
    assert "“big.csv” is 1.3 MB; the limit is 1 MB." in error
    assert "python manage.py import_complaints FILE --organisation NAME" in error


# --- imports too long for a request -----------------------------------------------------------


def test_complaints_page_stops_at_its_row_limit_and_names_the_command(
    officer_client, org, settings, tmp_path
):
    settings.COMPLAINTS_IMPORT_MAX_ROWS = 3
    content = b"reference,date_received\n" + b"".join(b"MAC-%d,2025-04-02\n" % n for n in range(4))
    (error,) = page_errors(import_page(officer_client, org, "complaints.csv", content))
    assert error.startswith("File: The file has more than 3 complaints, the most the import page")
    assert "python manage.py import_complaints FILE --organisation NAME" in error
    assert not Complaint.objects.exists()
    # The command has no such limit.
    path = tmp_path / "complaints.csv"
    path.write_bytes(content)
    call_command("import_complaints", str(path), "--organisation", org.name)
    assert Complaint.objects.count() == 4


def report_page(client, assessment, **data):
    return client.post(reverse("findings:report-import", args=[assessment.pk]), data)


def report_error(response) -> str:
    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def test_report_page_refuses_a_text_longer_than_its_limit(officer_client, assessment, settings):
    settings.REPORT_IMPORT_MAX_CHARS = 1000
    error = report_error(report_page(officer_client, assessment, text=SEED_TEXT))
    assert f"the text is {len(SEED_TEXT.strip()):,} characters long, more than 1,000." in error
    assert "python manage.py import_report FILE --assessment ID" in error
    assert not Finding.objects.exists()


def test_report_page_refuses_a_pdf_with_more_pages_than_its_limit(
    officer_client, assessment, settings
):
    from pypdf import PdfWriter

    settings.REPORT_IMPORT_MAX_PAGES = 2
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    upload = SimpleUploadedFile("report.pdf", out.getvalue())
    error = report_error(report_page(officer_client, assessment, file=upload))
    assert "the PDF has 3 pages, more than 2." in error
    assert "python manage.py import_report FILE --assessment ID" in error


# --- report files ------------------------------------------------------------------------------


def test_report_text_with_a_nul_after_8_kb_is_refused(officer_client, assessment):
    content = SEED_TEXT.encode() + SEED_TEXT.encode() + b"A stray \x00 byte.\n"
    assert content.index(b"\x00") > 8192
    line = content[: content.index(b"\x00")].count(b"\n") + 1
    upload = SimpleUploadedFile("report.txt", content)
    error = report_error(report_page(officer_client, assessment, file=upload))
    assert f"report.txt: line {line} contains a NUL byte: the file is not plain text." in error
    assert "plain text.." not in error
    assert not Finding.objects.exists()


def text_pdf(text: str, *, password: str | None = None) -> bytes:
    """A PDF of `text`; with `password` (may be empty) AES-256 encrypted as reports often are."""
    from pypdf import PdfWriter
    from weasyprint import HTML

    data = HTML(string=f"<p>{text}</p>").write_pdf()
    if password is None:
        return data
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_encrypted_without_a_password_is_read():
    data = text_pdf("Staff told us about learning.", password="")
    assert b"/Encrypt" in data
    assert pdf_text(data) == "Staff told us about learning."


def test_pdf_that_needs_a_password_is_refused_in_words(officer_client, assessment):
    upload = SimpleUploadedFile("report.pdf", text_pdf("Secret.", password="secret"))
    error = report_error(report_page(officer_client, assessment, file=upload))
    assert "Nothing was imported: this PDF is password-protected" in error


def bomb_pdf(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated` bytes (of spaces)."""
    packer = zlib.compressobj(9)
    chunk = b" " * MB
    stream = b"".join(packer.compress(chunk) for _ in range(inflated // MB)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    out.seek(0, 2)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (5, xref))
    return out.getvalue()


def test_pdf_whose_stream_inflates_past_the_readers_limit_is_refused(officer_client, assessment):
    # pypdf stops inflating a stream at 75 MB (its default); this one would make 80 MB.
    upload = SimpleUploadedFile("report.pdf", bomb_pdf(80 * MB))
    error = report_error(report_page(officer_client, assessment, file=upload))
    assert "this PDF is too large to read: a part of it would expand to more than 75 MB" in error


def test_damaged_pdf_is_refused_in_words():
    with pytest.raises(ReportReadError, match="this PDF could not be read"):
        pdf_text(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF\n")

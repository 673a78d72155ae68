"""Headers every response carries: the Content-Security-Policy, Referrer-Policy, and
Cache-Control on whatever a logged-in user is sent (pages, exports, downloads)."""

import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from findings.models import Evidence
from findings.selectors.report import assessment_report
from tests.assessment.factories import AssessmentFactory
from tests.factories import UserFactory
from tests.findings.factories import FindingFactory, TopicFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize(
    "url",
    [reverse("dashboard"), reverse("assessment:assessment-list"), reverse("admin:index")],
)
def test_pages_carry_the_content_security_policy(client, url):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_login_and_error_pages_carry_it_too(client, officer_client):
    assert directives(client.get(reverse("login")))["script-src"] == ["'self'"]
    forbidden = officer_client.get(reverse("assessment:organisation-create"))
    assert forbidden.status_code == HTTPStatus.FORBIDDEN
    assert directives(forbidden)["script-src"] == ["'self'"]


def test_referrer_policy_keeps_addresses_on_the_site(officer_client):
    response = officer_client.get(reverse("dashboard"))
    assert response["Referrer-Policy"] == "same-origin"


@pytest.fixture
def evidence_file(officer_client, cqc_framework):
    assessment = AssessmentFactory()
    officer_client.post(
        reverse("findings:evidence-create", args=[assessment.pk]),
        {"title": "Report", "kind": "document", "file": SimpleUploadedFile("r.pdf", PDF)},
    )
    return Evidence.objects.get()


def test_evidence_download_is_private_and_keeps_its_sandbox(officer_client, evidence_file):
    response = officer_client.get(reverse("findings:evidence-file", args=[evidence_file.pk]))
    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"] == "private, no-store"
    # The view's own, stricter policy wins over the site's.
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_pages_and_exports_for_a_logged_in_user_are_never_stored(officer_client, cqc_framework):
    FindingFactory(topic=TopicFactory(assessment=AssessmentFactory()))
    page = officer_client.get(reverse("findings:finding-list"))
    export = officer_client.get(reverse("findings:finding-export"))
    assert page.status_code == export.status_code == HTTPStatus.OK
    assert export["Content-Type"].startswith("text/csv")
    assert page["Cache-Control"] == "private, no-store"
    assert export["Cache-Control"] == "private, no-store"


def test_anonymous_responses_and_static_files_keep_their_own_caching(client, officer_client):
    # The login page is Django's never_cache; static files keep WhiteNoise's public caching.
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]
    static = officer_client.get(f"{settings.STATIC_URL}css/app.css")
    assert static.status_code == HTTPStatus.OK
    assert "private" not in static.get("Cache-Control", "")


# What the CSP blocks without 'unsafe-inline': inline scripts, event-handler attributes,
# javascript: links, style attributes and <style> blocks.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:|\sstyle\s*=|<style\b", re.I
)


def served_templates() -> list[Path]:
    """Our templates a browser receives; *_pdf.html ones only ever reach WeasyPrint."""
    root = Path(settings.BASE_DIR)
    paths = [*root.glob("templates/**/*.html"), *root.glob("*/templates/**/*.html")]
    return sorted(p for p in paths if ".venv" not in p.parts and not p.name.endswith("_pdf.html"))


def test_no_template_needs_unsafe_inline():
    templates = served_templates()
    assert len(templates) > 50  # the glob found the apps' templates, not nothing
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)!r}"
        for path in templates
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_report_page_links_the_stylesheet_its_pdf_inlines(officer_client, cqc_framework):
    assessment = AssessmentFactory()
    page = officer_client.get(reverse("findings:assessment-report", args=[assessment.pk]))
    assert f'href="{settings.STATIC_URL}findings/report.css"' in page.content.decode()
    pdf_html = render_to_string(
        "findings/report/assessment_report_pdf.html", {"report": assessment_report(assessment)}
    )
    stylesheet = Path(finders.find("findings/report.css")).read_text(encoding="utf-8")
    assert ".report-score-1 {" in stylesheet
    assert stylesheet in pdf_html

"""Importing published report sections: the seed exactly, real-world variations, bad input."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from findings.models import Finding, Topic
from findings.services.reports import import_report, pdf_text
from tests.assessment.factories import AssessmentFactory
from tests.jobs.helpers import run_started_job

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "findings" / "demo_data"
SEED_FILE = SEED / "learning-improvement-innovation.txt"
SEED_TEXT = SEED_FILE.read_text()

SECOND_SECTION = """Safeguarding
Score: 3
3 – Evidence shows a good standard
What people expect
I feel safe and am supported to understand and manage any risks.
The local authority commitment
We work with people to understand what being safe means to them and work with our partners to develop the best way to achieve this. We concentrate on improving people’s lives while protecting their right to live in safety, free from bullying, harassment, abuse, discrimination, avoidable harm and neglect. We make sure we share concerns quickly and appropriately.
Key findings for this quality statement
Safeguarding structures and processes
Partners told us the safeguarding adults board worked well.
People told us they felt safe.
Responding to concerns
Data showed 92% of enquiries were completed within 28 days.
"""


@pytest.fixture
def assessment(cqc_framework):
    return AssessmentFactory()


def statement_findings(assessment, slug):
    return list(
        Finding.objects.filter(topic__assessment=assessment, topic__statement__slug=slug)
        .select_related("topic")
        .order_by("topic__order", "order")
    )


def test_seed_imports_exactly_what_it_says(assessment, capsys):
    call_command("import_report", str(SEED_FILE), "--assessment", str(assessment.pk))
    assert capsys.readouterr().out.strip() == (
        'Imported "Learning, improvement and innovation": score 2, 2 topics, 14 findings'
    )
    findings = statement_findings(assessment, "learning-improvement-innovation")
    topics = [f.topic.title for f in findings]
    assert topics.count("Continuous learning, improvement and professional development") == 11
    assert topics.count("Learning from feedback") == 3
    assert topics[0] == "Continuous learning, improvement and professional development"
    assert findings[0].text.startswith("Staff told us there was an inclusive positive culture")
    assert findings[0].source == Finding.Source.STAFF
    assert findings[1].source == Finding.Source.LEADERS  # "Senior management told us"
    assert findings[10].text.startswith("There was also an evident culture of sharing")
    assert findings[11].text.startswith("There were systems in place to obtain")
    assert "106 complaints received, with 21 upheld and 18 partially upheld (45%)" in (
        findings[12].text
    )
    assert findings[13].source == Finding.Source.PARTNERS  # "mixed views from partners"
    assert {f.judgement for f in findings} == {Finding.Judgement.NOT_REVIEWED}
    score = assessment.scores.get(statement__slug="learning-improvement-innovation")
    assert score.score == 2


def test_reimport_changes_nothing_and_says_so(assessment, capsys):
    call_command("import_report", str(SEED_FILE), "--assessment", str(assessment.pk))
    capsys.readouterr()
    call_command("import_report", str(SEED_FILE), "--assessment", str(assessment.pk))
    out = capsys.readouterr().out
    assert "nothing changed" in out
    assert Finding.objects.count() == 14
    assert Topic.objects.count() == 2


def test_several_sections_with_theme_headings_between(assessment):
    text = (
        "Theme 3: How local authorities ensure safety within the system\n"
        "This theme includes these quality statements:\nSafe pathways, systems and transitions\n"
        "Safeguarding\n\n"
        + SECOND_SECTION
        + "\nTheme 4: Leadership\nThis theme includes these quality statements:\n"
        "Governance, management and sustainability\nLearning, improvement and innovation\n\n"
        + SEED_TEXT
    )
    results = import_report(user=None, assessment=assessment, text=text)
    assert [r.line for r in results] == [
        'Imported "Safeguarding": score 3, 2 topics, 3 findings',
        'Imported "Learning, improvement and innovation": score 2, 2 topics, 14 findings',
    ]
    assert results[0].warnings == []  # curly quotes and dashes compare equal
    safeguarding = statement_findings(assessment, "safeguarding")
    assert [f.source for f in safeguarding] == ["partners", "people", "data"]


def test_layout_variations_are_tolerated(assessment):
    text = (
        "SAFE SYSTEMS, PATHWAYS AND TRANSITIONS\n"  # the framework's own wording, upper case
        "Score 2 - Evidence shows some shortfalls\n"  # score and label on one line
        "The local authority’s commitment:\n"
        "We work with people and our partners to establish and maintain safe systems of care.\n"
        "Key findings for this quality statement:\n"
        "Safety management\n"
        "Staff told us that hospital discharge was not always safe.\n"
        "Leaders acknowledged the risk.\n"
    )
    [result] = import_report(user=None, assessment=assessment, text=text)
    assert result.title == "Safe pathways, systems and transitions"
    assert result.findings == 2
    assert result.warnings == [
        "line 3: the commitment differs from the framework's wording for "
        "'Safe pathways, systems and transitions'"
    ]


def test_hard_wrapped_text_without_blank_lines(assessment):
    text = (
        "Partnerships and communities\nScore: 3\n3 - Evidence shows a good standard\n"
        "The local authority commitment\nWe understand our duty to collaborate and work in\n"
        "partnership, so our services work seamlessly for people. We share information and\n"
        "learning with partners and collaborate for improvement.\n"
        "Key findings for this quality statement\n"
        "Partnership working to deliver shared local and national objectives\n"
        "Partners told us that the local authority worked well with the integrated care board\n"
        "and that joint commissioning arrangements were mature and well understood by all the\n"
        "partners involved.\n"
        "Leaders described a shared vision with health partners and the voluntary sector that\n"
        "had been agreed at the health and wellbeing board.\n"
        "Work with voluntary and charity sector\n"
        "Providers told us they valued the grants programme.\n"
    )
    [result] = import_report(user=None, assessment=assessment, text=text)
    assert (result.topics, result.findings) == (2, 3)
    assert result.warnings == []
    findings = statement_findings(assessment, "partnerships-and-communities")
    assert findings[0].text.endswith("well understood by all the partners involved.")
    assert [f.source for f in findings] == ["partners", "leaders", "providers"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Assessing needs\nScore: 5\n", "line 2: the score must be 1 to 4, not 5"),
        (
            "Assessing needs\nScore: 2\n2 - Evidence shows some shortfalls\n"
            "Key findings for this quality statement\n"
            "Staff told us that assessments were late, which left people waiting for months.\n",
            "line 5: expected a topic heading before the first finding",
        ),
        (
            "Assesing neds and wants\nScore: 2\n",
            "line 1: 'Assesing neds and wants' is not a quality statement of this framework "
            "(did you mean 'Assessing needs'?)",
        ),
        (
            "Assessing needs\nScore: 2\n3 - Evidence shows a good standard\n",
            "line 3: the label says 3 but the score is 2",
        ),
        (
            "Assessing needs\nScore: 2\n2 - Evidence shows some shortfalls\nThe local authority "
            "commitment\nWe maximise.\nTimeliness\nPeople waited.\n",
            "expected 'Key findings for this quality statement'",
        ),
    ],
)
def test_unreadable_text_names_the_line_and_imports_nothing(assessment, tmp_path, text, message):
    path = tmp_path / "report.txt"
    path.write_text(SECOND_SECTION + "\n" + text)  # a good section first: all or nothing
    with pytest.raises(CommandError) as excinfo:
        call_command("import_report", str(path), "--assessment", str(assessment.pk))
    # Line numbers count from the start of the file, after the good section.
    offset = SECOND_SECTION.count("\n") + 1
    if message.startswith("line "):
        number = int(message.split()[1].rstrip(":"))
        message = message.replace(f"line {number}:", f"line {number + offset}:", 1)
    assert "Nothing imported from report.txt" in str(excinfo.value)
    assert message in str(excinfo.value)
    assert Finding.objects.count() == 0
    assert not assessment.scores.filter(score__isnull=False).exists()


def test_text_with_no_statement_at_all_is_refused(assessment, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Minutes of the meeting\nWe discussed the report.\n")
    with pytest.raises(CommandError, match="line 1: no quality statement found"):
        call_command("import_report", str(path), "--assessment", str(assessment.pk))


def test_unknown_assessment_and_missing_file(assessment, tmp_path):
    with pytest.raises(CommandError, match="No assessment with ID 999999"):
        call_command("import_report", str(SEED_FILE), "--assessment", "999999")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command(
            "import_report", str(tmp_path / "nope.txt"), "--assessment", str(assessment.pk)
        )


def _seed_pdf() -> bytes:
    """The seed laid out as a council would download it: running header, footer, page numbers."""
    from django.utils.html import escape
    from weasyprint import HTML

    paragraphs = "".join(
        f"<p>{escape(line)}</p>" for line in SEED_TEXT.splitlines() if line.strip()
    )
    html = f"""<html><head><style>
      @page {{ size: A4; margin: 25mm 20mm;
        @top-center {{ content: "Demo Borough Council: local authority assessment"; }}
        @bottom-right {{ content: "Page " counter(page) " of " counter(pages); }} }}
      body {{ font-family: sans-serif; font-size: 11pt; }}
    </style></head><body>{paragraphs}</body></html>"""
    return HTML(string=html).write_pdf()


def test_pdf_import_ignores_headers_footers_and_page_numbers(assessment, tmp_path):
    data = _seed_pdf()
    text = pdf_text(data)
    assert "local authority assessment" not in text
    assert "Page 1 of" not in text
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    call_command("import_report", str(path), "--assessment", str(assessment.pk))
    findings = statement_findings(assessment, "learning-improvement-innovation")
    assert len(findings) == 14
    assert [f.topic.title for f in findings].count("Learning from feedback") == 3
    plain = {f.text for f in findings}
    assert SEED_TEXT.splitlines()[16] in plain  # the first finding, unwrapped, word for word


def test_not_a_pdf_is_refused(assessment, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"MZ\x90\x00 this is an executable")
    with pytest.raises(CommandError, match="report.pdf is not a PDF"):
        call_command("import_report", str(path), "--assessment", str(assessment.pk))


def test_lists_score_on_its_own_line_bullets_and_prefixes(assessment):
    text = """Quality statement 1: Assessing needs

Score:

3

Evidence shows a good standard

What people expect

• I have care and support that is coordinated, and everyone works well together and with me.

• I have care and support that enables me to live as I want to, seeing me as a unique person with skills, strengths and goals.

The local authority commitment

We maximise the effectiveness of people's care and treatment by assessing and reviewing their health, care, wellbeing and communication needs with them.

Key findings for this quality statement

Assessment, care planning and review arrangements

The local authority had set out its priorities for assessment as follows:

Reducing waiting times

Strengths-based practice

Joint assessments with health

Staff told us the priorities were understood across teams.

Timeliness of assessments, care planning and reviews

Data showed that 65% of assessments were completed within 28 days.
"""
    [result] = import_report(user=None, assessment=assessment, text=text)
    assert (result.title, result.score, result.topics, result.findings) == (
        "Assessing needs",
        3,
        2,
        3,
    )
    findings = statement_findings(assessment, "assessing-needs")
    assert findings[0].text == (
        "The local authority had set out its priorities for assessment as follows:\n"
        "Reducing waiting times\nStrengths-based practice\nJoint assessments with health"
    )
    assert findings[1].source == "staff"
    assert findings[2].topic.title == "Timeliness of assessments, care planning and reviews"
    assert findings[2].source == "data"


def test_import_page_previews_then_imports(officer_client, assessment):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from django.utils.html import escape

    url = reverse("findings:report-import", args=[assessment.pk])
    assert officer_client.get(url).status_code == 200
    # Step 1: the upload is read and previewed; nothing is saved.
    response = officer_client.post(
        url, {"file": SimpleUploadedFile("report.txt", SEED_TEXT.encode())}
    )
    preview = response.context["preview"]
    assert [(p.title, p.score, p.new_findings) for p in preview] == [
        ("Learning, improvement and innovation", 2, 14)
    ]
    assert "Check before importing" in response.content.decode()
    assert Finding.objects.count() == 0
    # Step 2: the same text comes back with confirm; a job imports it.
    response = officer_client.post(url, {"text": response.context["text"], "confirm": "on"})
    assert Finding.objects.count() == 0  # not in the request
    job = run_started_job(response)
    assert (job.kind, job.status, job.result_url) == (
        "report_import",
        "done",
        assessment.get_absolute_url(),
    )
    page = officer_client.get(job.get_absolute_url()).content.decode()
    assert (
        escape('Imported "Learning, improvement and innovation": score 2, 2 topics, 14 findings')
        in page
    )
    assert f'href="{assessment.get_absolute_url()}">Open the result</a>' in page
    assert Finding.objects.count() == 14
    # Again: the preview says there is nothing to import.
    response = officer_client.post(url, {"text": SEED_TEXT})
    assert "there is nothing to import" in response.content.decode()


def test_preview_shows_a_score_that_would_change(officer_client, assessment):
    from django.urls import reverse

    record = assessment.scores.get(statement__slug="learning-improvement-innovation")
    record.score = 3
    record.save()
    url = reverse("findings:report-import", args=[assessment.pk])
    response = officer_client.post(url, {"text": SEED_TEXT})
    assert "<strong>3 → 2</strong>" in response.content.decode()
    record.refresh_from_db()
    assert record.score == 3


def test_import_page_shows_the_line_that_could_not_be_read(officer_client, assessment):
    from django.urls import reverse

    url = reverse("findings:report-import", args=[assessment.pk])
    response = officer_client.post(url, {"text": "Assessing needs\nScore: 9\n"})
    assert response.status_code == 200
    assert "Nothing was imported: line 2: the score must be 1 to 4, not 9." in (
        response.content.decode()
    )
    # Sent straight to the import step, the job checks it and says the same on its page.
    response = officer_client.post(url, {"text": "Assessing needs\nScore: 9\n", "confirm": "on"})
    job = run_started_job(response)
    assert job.status == "failed"
    page = officer_client.get(job.get_absolute_url()).content.decode()
    assert "Nothing imported from report.txt: line 2: the score must be 1 to 4, not 9." in page
    response = officer_client.post(url, {})
    assert "Upload a file or paste the text." in response.content.decode()
    assert Finding.objects.count() == 0


def test_import_page_is_refused_without_permission(client, nobody, assessment):
    from django.urls import reverse

    client.force_login(nobody)
    url = reverse("findings:report-import", args=[assessment.pk])
    assert client.post(url, {"text": SEED_TEXT}).status_code == 403
    assert Finding.objects.count() == 0


def test_the_first_step_is_called_preview_and_lists_the_findings(officer_client, assessment):
    """Its button said "Import" but only previewed, and the preview gave counts only."""
    from django.urls import reverse
    from django.utils.html import escape

    url = reverse("findings:report-import", args=[assessment.pk])
    form_page = officer_client.get(url).content.decode()
    assert 'value="Preview"' in form_page
    assert 'value="Import"' not in form_page
    response = officer_client.post(url, {"text": SEED_TEXT})
    page = response.content.decode()
    assert "14 findings to add to “Learning, improvement and innovation”" in page
    assert page.count('<li class="mb-2"><p class="mb-1">') == 14
    # Every finding in full, under its topic, with its suggested source.
    assert escape("recent carers forum had provided positive opportunities") in page
    assert '<h3 class="h6 mt-3">Learning from feedback</h3>' in page
    assert "Source: Senior leaders · Category: Feedback from staff and leaders" in page
    assert Finding.objects.count() == 0

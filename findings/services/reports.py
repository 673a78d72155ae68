"""Import a published report's quality statement sections into an assessment, all or nothing."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from assessment import services as assessment_services
from assessment.tenancy import require_perm
from core.uploads import decode_text, page_limit_message, sniff
from findings.importers.report import (
    PAGE_NUMBER_RE,
    Catalogue,
    ParsedSection,
    ReportFormatError,
    StatementRef,
    clean_line,
    normalise,
    parse_report,
)
from findings.models import Finding
from findings.services.findings import locked_topic, next_order

SOURCE_CATEGORY = {
    Finding.Source.PEOPLE: Finding.EvidenceCategory.PEOPLE_EXPERIENCE,
    Finding.Source.STAFF: Finding.EvidenceCategory.STAFF_LEADERS,
    Finding.Source.LEADERS: Finding.EvidenceCategory.STAFF_LEADERS,
    Finding.Source.PARTNERS: Finding.EvidenceCategory.PARTNERS,
    Finding.Source.PROVIDERS: Finding.EvidenceCategory.PARTNERS,
    Finding.Source.DATA: Finding.EvidenceCategory.PROCESSES,
}


REPORT_COMMAND = "python manage.py import_report FILE --assessment ID"


class ReportReadError(ValueError):
    """The uploaded file could not be turned into text."""


@dataclass
class StatementImport:
    title: str
    score: int
    topics: int
    findings: int
    new_findings: int
    score_changed: bool
    warnings: list[str] = field(default_factory=list)
    previous_score: int | None = None
    # The findings added (in a preview: that would be added), in order, with their topics.
    created: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.score_changed or self.new_findings > 0

    @property
    def line(self) -> str:
        counts = f"score {self.score}, {self.topics} topics, {self.findings} findings"
        if self.changed:
            return f'Imported "{self.title}": {counts}'
        return f'Already imported "{self.title}": {counts}; nothing changed'


def catalogue_for(framework) -> Catalogue:
    statements = framework.statements.order_by("order")
    return Catalogue(
        statements=tuple(
            StatementRef(
                key=s.slug,
                title=s.title,
                aliases=tuple(s.aliases),
                commitment=s.commitment,
                topics=tuple(s.topic_headings),
            )
            for s in statements
        ),
        theme_titles=tuple(framework.themes.values_list("title", flat=True)),
    )


def _save_section(assessment, section: ParsedSection, records, user) -> StatementImport:
    record = records[section.statement.key]
    statement = record.statement
    previous_score = record.score
    score_changed = record.score != section.score
    if score_changed:
        assessment_services.set_statement_score(
            score_record=record, score=section.score, summary=record.summary, user=user
        )
    existing = {
        normalise(text)
        for text in Finding.objects.filter(
            topic__assessment=assessment, topic__statement=statement
        ).values_list("text", flat=True)
    }
    new: list[Finding] = []
    for parsed_topic in section.topics:
        fresh = [f for f in parsed_topic.findings if normalise(f.text) not in existing]
        if not fresh:
            continue
        topic = locked_topic(assessment=assessment, statement=statement, title=parsed_topic.title)
        start = next_order(topic)
        for offset, parsed in enumerate(fresh):
            existing.add(normalise(parsed.text))
            new.append(
                Finding(
                    topic=topic,
                    order=start + offset,
                    text=parsed.text,
                    source=parsed.source,
                    evidence_category=SOURCE_CATEGORY.get(parsed.source, ""),
                    judgement=Finding.Judgement.NOT_REVIEWED,
                    recorded_by=user,
                )
            )
    if new:
        bulk_create_with_history(new, Finding, default_user=user)
    return StatementImport(
        title=statement.title,
        score=section.score,
        topics=len(section.topics),
        findings=section.finding_count,
        new_findings=len(new),
        score_changed=score_changed,
        warnings=section.warnings,
        previous_score=previous_score,
        created=new,
    )


@transaction.atomic
def import_report(*, assessment, text: str, user) -> list[StatementImport]:
    """Read the text's statement sections and add what is new to the assessment, as `user`
    (whose role there must let them add findings and set scores; None: a command).

    Raises ReportFormatError (with the line) if any part cannot be read; then nothing is saved.
    Findings already present (same text, same statement) are not added again.
    """
    for perm in ("findings.add_finding", "assessment.change_statementscore"):
        require_perm(user, perm, assessment, "Your role may not import reports here.")
    sections = parse_report(text, catalogue_for(assessment.framework))
    assessment_services.ensure_score_rows(assessment)
    records = {
        r.statement.slug: r for r in assessment.scores.select_related("statement", "assessment")
    }
    return [_save_section(assessment, section, records, user) for section in sections]


class _PreviewDone(Exception):
    def __init__(self, results):
        self.results = results


def preview_import(*, assessment, text: str, user) -> list[StatementImport]:
    """What import_report would do, without keeping any of it: the import runs inside a
    transaction that is then rolled back, so the preview cannot differ from the real thing."""
    try:
        with transaction.atomic():
            raise _PreviewDone(import_report(assessment=assessment, text=text, user=user))
    except _PreviewDone as done:
        return done.results


# --- reading files --------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")
EDGE_LINES = 3


def _page_lines(page) -> list[str]:
    """Layout mode keeps the blank lines between paragraphs; plain mode is the fallback."""
    from pypdf.errors import LimitReachedError

    try:
        text = page.extract_text(extraction_mode="layout")
    except LimitReachedError:
        raise  # a stream too large to inflate: plain mode would only inflate it again
    except Exception:  # noqa: BLE001 - layout mode fails on some odd fonts; plain mode copes
        text = page.extract_text()
    return [line.strip() for line in (text or "").splitlines()]


def _pdf_pages(data: bytes, max_pages: int | None) -> list[list[str]]:
    """Each page's lines. A PDF encrypted without a password (only to restrict printing or
    copying, as many published reports are) is read; every way a PDF can fail to be read ends
    in ReportReadError with a message for people."""
    from pypdf import PasswordType, PdfReader, get_configuration
    from pypdf.errors import LimitReachedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ReportReadError(
                "this PDF is password-protected: save a copy without the password (e.g. print "
                "it to a new PDF) and import that"
            )
        if max_pages is not None and len(reader.pages) > max_pages:
            raise ReportReadError(
                page_limit_message(
                    f"the PDF has {len(reader.pages):,} pages, more than {max_pages:,}.",
                    REPORT_COMMAND,
                )
            )
        return [_page_lines(page) for page in reader.pages]
    except ReportReadError:
        raise
    except LimitReachedError:
        limit = get_configuration().zlib_maximum_output_length // 1_000_000
        raise ReportReadError(
            f"this PDF is too large to read: a part of it would expand to more than {limit} MB"
        ) from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types for a damaged file
        raise ReportReadError(f"this PDF could not be read ({exc})") from None


def pdf_text(data: bytes, *, max_pages: int | None = None) -> str:
    """The text of a PDF report, without running headers, footers and page numbers.

    A line counts as a header or footer when, with its digits ignored, it stands among the first
    or last few lines of at least half the pages (and of two pages at least). `max_pages`: the
    import page's limit (None: no limit).
    """
    # Some fonts map glyphs to NUL, which the database cannot store.
    pages = [[line.replace("\x00", "") for line in page] for page in _pdf_pages(data, max_pages)]
    if not any(line.strip() for page in pages for line in page):
        raise ReportReadError("the PDF has no text layer (is it a scan?)")

    def key(line: str) -> str:
        return _DIGITS.sub("#", clean_line(line).lower())

    def edges(page: list[str]) -> list[str]:
        content = [line for line in page if line.strip()]
        return content[:EDGE_LINES] + content[-EDGE_LINES:]

    counts = Counter(k for page in pages for k in {key(line) for line in edges(page)})
    threshold = max(2, (len(pages) + 1) // 2)
    repeated = {k for k, n in counts.items() if n >= threshold} if len(pages) > 1 else set()
    out: list[str] = []
    for page in pages:
        edge = set(edges(page))
        for line in page:
            if line in edge and (key(line) in repeated or PAGE_NUMBER_RE.match(clean_line(line))):
                continue
            out.append(line)
    return "\n".join(out)


def text_from_upload(name: str, data: bytes, *, max_pages: int | None = None) -> str:
    """Text of an uploaded report: a .pdf (text layer) or a .txt (UTF-8, or Windows-1252)."""
    lower = name.lower()
    is_pdf = sniff(data) == "pdf"
    if lower.endswith(".pdf") or is_pdf:
        if not is_pdf:
            raise ReportReadError(f"{name} is not a PDF")
        return pdf_text(data, max_pages=max_pages)
    if not lower.endswith(".txt"):
        raise ReportReadError(f"{name}: upload a .txt or .pdf file")
    try:
        return decode_text(data, fallback="cp1252")
    except ValidationError as error:
        raise ReportReadError(f"{name}: {error.message.rstrip('.')}") from None


def check_page_size(text: str, max_chars: int) -> None:
    """Refuse, on the import page, a text too long to import within a request."""
    if len(text) > max_chars:
        raise ReportReadError(
            page_limit_message(
                f"the text is {len(text):,} characters long, more than {max_chars:,}.",
                REPORT_COMMAND,
            )
        )


__all__ = [
    "ReportFormatError",
    "ReportReadError",
    "StatementImport",
    "import_report",
    "preview_import",
    "pdf_text",
    "text_from_upload",
    "check_page_size",
]

"""From blocks to topics and findings: headings open topics, paragraphs become findings."""

from __future__ import annotations

from findings.importers.report.blocks import split_blocks
from findings.importers.report.model import ParsedFinding, ParsedTopic, ReportFormatError
from findings.importers.report.sources import suggest_source
from findings.importers.report.text import (
    BULLET_RE,
    Line,
    ends_sentence,
    normalise,
    starts_lower,
    strip_closers,
)


def read_topics(lines: list[Line], key_findings_line: Line, known=()) -> list[ParsedTopic]:
    """The topics under "Key findings", each with its findings, in order. A heading printed
    again (e.g. repeated after a page break) continues its topic."""
    topics: list[ParsedTopic] = []
    current: ParsedTopic | None = None
    for kind, block in split_blocks(lines, known):
        if kind == "heading":
            title = block[0].text.rstrip(":").strip()
            current = next((t for t in topics if normalise(t.title) == normalise(title)), None)
            if current is None:
                current = ParsedTopic(title=title, line=block[0].number)
                topics.append(current)
            continue
        if current is None:
            raise ReportFormatError(
                block[0].number,
                "expected a topic heading before the first finding (after 'Key findings for "
                f"this quality statement' on line {key_findings_line.number})",
            )
        text = join_paragraph(block)
        current.findings.append(
            ParsedFinding(text=text, line=block[0].number, source=suggest_source(text))
        )
    if not topics:
        raise ReportFormatError(
            key_findings_line.number, "no topic headings or findings after the key findings line"
        )
    for topic in topics:
        if not topic.findings:
            raise ReportFormatError(topic.line, f"the topic {topic.title!r} has no findings")
    return topics


def join_paragraph(block: list[Line]) -> str:
    """A paragraph's lines as one text; a list's items each on a line of their own."""
    parts: list[str] = []
    listing = False
    for line in block:
        if listing or BULLET_RE.match(line.text):
            parts.append("\n" + line.text)
        elif parts and parts[-1].endswith("-") and not parts[-1].endswith(" -"):
            parts.append(line.text)  # "co-" + "production": keep the hyphen, no space
        else:
            parts.append((" " if parts else "") + line.text)
        listing = strip_closers(line.text).endswith(":") or (
            listing and not ends_sentence(line.text)
        )
    return "".join(parts).strip()


def join_statements(lines: list[Line]) -> list[str]:
    """I statements, one per line, except where a PDF wrapped one over two lines."""
    out: list[str] = []
    for line in lines:
        text = BULLET_RE.sub("", line.text)
        if (
            out
            and not BULLET_RE.match(line.text)
            and (starts_lower(text) or not ends_sentence(out[-1]))
        ):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out

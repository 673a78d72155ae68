"""Read quality statement sections of a published CQC report, as text. Pure: no ORM.

A section is laid out like this (see the reference file's "Layout"), with any number of blank
lines, and real reports vary in punctuation, dashes, quotes, case and line breaks:

    <Quality statement title>
    Score: <n>
    <n> - <label>
    What people expect                (optional)
    <one I statement per line>
    The local authority commitment
    <commitment text>
    Key findings for this quality statement
    <topic heading>
    <paragraph>
    ...

Where each part is read:
- text.py: normalising lines, what a line looks like (sentence, heading, bullet, page number)
- titles.py: statement titles, theme headings, the score and its label
- reader.py: the sections, in order
- blocks.py: the key findings split into headings and paragraphs, by the text's shape:
  pasted.py (one paragraph per line), wrapped.py (hard-wrapped PDF text, with or without
  blank lines between paragraphs), lists.py (lists inside a finding)
- topics.py: headings and paragraphs into topics and findings; sources.py: who said it

`parse_report(text, catalogue)` returns the sections it read, or raises ReportFormatError naming
the line and what was expected. Nothing here touches the database; findings.services.reports
saves the result, all or nothing.
"""

from __future__ import annotations

from findings.importers.report.model import (
    Catalogue,
    ParsedFinding,
    ParsedSection,
    ParsedTopic,
    ReportFormatError,
    StatementRef,
)
from findings.importers.report.reader import Reader
from findings.importers.report.sources import suggest_source
from findings.importers.report.text import PAGE_NUMBER_RE, clean_line, normalise


def parse_report(text: str, catalogue: Catalogue) -> list[ParsedSection]:
    """Read every quality statement section in the text (see the module docstring)."""
    return Reader(text, catalogue).parse()


__all__ = [
    "PAGE_NUMBER_RE",
    "Catalogue",
    "ParsedFinding",
    "ParsedSection",
    "ParsedTopic",
    "ReportFormatError",
    "StatementRef",
    "clean_line",
    "normalise",
    "parse_report",
    "suggest_source",
]

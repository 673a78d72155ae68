"""Text extracted from a PDF: hard-wrapped, so a paragraph spans several lines and a sentence
runs on over line (and page) breaks. Two shapes: with blank lines between paragraphs (a PDF
read in layout mode), and without, where a short last line ending a sentence closes the
paragraph."""

from __future__ import annotations

from findings.importers.report.text import Line, ends_sentence, starts_lower


def is_wrapped(lines: list[Line]) -> bool:
    """Hard-wrapped text: no long lines, and lines that continue a sentence."""
    if not lines:
        return False
    longest = max(len(line.text) for line in lines)
    continuations = sum(1 for line in lines if starts_lower(line.text))
    return longest <= 200 and continuations >= max(1, len(lines) // 10)


def has_blank_lines(lines: list[Line]) -> bool:
    """Blank lines separate the paragraphs (rather than falling here and there)."""
    return sum(line.blank_before for line in lines) >= max(2, len(lines) // 10)


class WrappedWithBlankLines:
    def joins_sentence(self, line: Line) -> bool:
        return True

    def may_be_heading(self, line: Line) -> bool:
        """A heading stands after a blank line, like a paragraph."""
        return line.blank_before

    def joins_paragraph(self, last: Line, line: Line) -> bool:
        """Until the next blank line."""
        return not line.blank_before


class WrappedWithoutBlankLines:
    def __init__(self, lines: list[Line]):
        # The usual full line's length: a last line much shorter ends its paragraph.
        self.width = sorted(len(line.text) for line in lines)[int(len(lines) * 0.9)]

    def joins_sentence(self, line: Line) -> bool:
        return True

    def may_be_heading(self, line: Line) -> bool:
        return True

    def joins_paragraph(self, last: Line, line: Line) -> bool:
        """Unless the line before ended a sentence well short of the usual width."""
        if line.blank_before:
            return False
        return not (ends_sentence(last.text) and len(last.text) < self.width * 0.85)

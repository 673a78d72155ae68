"""Text pasted from a web page (like the seed): one paragraph per line, whether or not blank
lines separate them. A line continues the one before only where its sentence was left open
and no blank line came between (or it starts in lower case)."""

from __future__ import annotations

from findings.importers.report.text import Line, starts_lower


class OneParagraphPerLine:
    def joins_sentence(self, line: Line) -> bool:
        """Whether a line that carries on an open sentence joins it."""
        return not line.blank_before or starts_lower(line.text)

    def may_be_heading(self, line: Line) -> bool:
        return True

    def joins_paragraph(self, last: Line, line: Line) -> bool:
        """Whether a line after a finished sentence still belongs to its paragraph."""
        return False

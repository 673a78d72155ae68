"""Reading a report's quality statement sections, in order (see the package docstring)."""

from __future__ import annotations

import re

from findings.importers.report.model import (
    Catalogue,
    ParsedSection,
    ReportFormatError,
    StatementRef,
)
from findings.importers.report.text import HEADING_MAX, Line, content_lines, normalise
from findings.importers.report.titles import (
    THEME_BLURB_RE,
    THEME_PREFIX_RE,
    TitleMatcher,
    is_score,
    read_score,
)
from findings.importers.report.topics import join_statements, read_topics

WHAT_PEOPLE_EXPECT_RE = re.compile(r"^what people expect:?$", re.IGNORECASE)
COMMITMENT_RE = re.compile(r"^the local authority('s)? commitment:?$", re.IGNORECASE)
KEY_FINDINGS_RE = re.compile(r"^key findings( for this quality statement)?:?$", re.IGNORECASE)


class Reader:
    def __init__(self, text: str, catalogue: Catalogue):
        self.lines = content_lines(text)
        self.titles = TitleMatcher(catalogue)

    def parse(self) -> list[ParsedSection]:
        """Every section, in order; each statement at most once."""
        sections: list[ParsedSection] = []
        index = 0
        while index < len(self.lines):
            ref = self._section_start(index)
            if ref is None:
                index += 1  # preamble, theme headings, lists of statements: not findings
                continue
            section, index = self._section(index, ref)
            sections.append(section)
        if not sections:
            first = self.lines[0].number if self.lines else 1
            raise ReportFormatError(
                first,
                "no quality statement found: expected a statement title followed by a "
                "'Score: <1-4>' line",
            )
        seen: dict[str, int] = {}
        for section in sections:
            if section.statement.key in seen:
                raise ReportFormatError(
                    section.line,
                    f"{section.statement.title!r} appears twice (first at line "
                    f"{seen[section.statement.key]})",
                )
            seen[section.statement.key] = section.line
        return sections

    def _line(self, index: int) -> Line | None:
        return self.lines[index] if index < len(self.lines) else None

    def _section_start(self, index: int) -> StatementRef | None:
        """A section starts at a title whose next line is a score line."""
        following = self._line(index + 1)
        if following is None or not is_score(following.text):
            return None
        ref = self.titles.match(self.lines[index].text)
        if ref is None:
            line = self.lines[index]
            hint = self.titles.closest(line.text)
            raise ReportFormatError(
                line.number,
                f"{line.text!r} is not a quality statement of this framework"
                + (f" (did you mean {hint!r}?)" if hint else ""),
            )
        return ref

    def _section(self, index: int, ref: StatementRef) -> tuple[ParsedSection, int]:
        """The section starting at `index`, and where the next one may start."""
        title_line, score_line = self.lines[index], self.lines[index + 1]
        score, label_read = read_score(score_line, self._line(index + 2))
        section = ParsedSection(
            statement=ref, title_as_printed=title_line.text, line=title_line.number, score=score
        )
        index = self._expectations_and_commitment(section, index + 2 + label_read)
        key_findings = self._line(index)
        if key_findings is None or not KEY_FINDINGS_RE.match(key_findings.text):
            number = key_findings.number if key_findings else self.lines[-1].number
            raise ReportFormatError(number, "expected 'Key findings for this quality statement'")
        end = self._findings_end(index + 1)
        section.topics = read_topics(self.lines[index + 1 : end], key_findings, ref.topics)
        # After a theme heading, its blurb and list of statements are skipped up to the next
        # section.
        return section, end

    def _expectations_and_commitment(self, section: ParsedSection, index: int) -> int:
        """The optional "What people expect" and commitment after the score; returns where the
        key findings should start."""
        block = self._until(index, (COMMITMENT_RE, KEY_FINDINGS_RE))
        index += len(block)
        if block:
            if not WHAT_PEOPLE_EXPECT_RE.match(block[0].text):
                raise ReportFormatError(
                    block[0].number,
                    "expected 'What people expect', 'The local authority commitment' or 'Key "
                    "findings for this quality statement' after the score, found "
                    f"{block[0].text!r}",
                )
            section.i_statements = join_statements(block[1:])
        heading = self._line(index)
        if heading is None or not COMMITMENT_RE.match(heading.text):
            return index
        commitment_lines = self._until(index + 1, (KEY_FINDINGS_RE,))
        section.commitment = " ".join(line.text for line in commitment_lines)
        expected = section.statement.commitment
        if expected and normalise(section.commitment) != normalise(expected):
            section.warnings.append(
                f"line {heading.number}: the commitment differs from the framework's wording "
                f"for {section.statement.title!r}"
            )
        return index + 1 + len(commitment_lines)

    def _findings_end(self, index: int) -> int:
        """Where the key findings starting at `index` end: a theme heading, or the next
        section's title (the line before a score line)."""
        end = index
        while end < len(self.lines):
            if self._theme_boundary(end):
                break
            following = self._line(end + 1)
            if following is not None and is_score(following.text):
                break
            end += 1
        return end

    def _theme_boundary(self, index: int) -> bool:
        """A theme heading between sections ("Theme 2: How local authorities provide support").

        A bare theme title counts only when a blurb or a statement title follows it, so a topic
        heading that happens to read "Leadership" stays a topic heading.
        """
        line = self.lines[index].text
        if THEME_PREFIX_RE.match(line) and len(line) < HEADING_MAX:
            return True
        following = self._line(index + 1)
        if not self.titles.is_theme(line) or following is None:
            return False
        return (
            bool(THEME_BLURB_RE.match(following.text))
            or self.titles.match(following.text) is not None
        )

    def _until(self, index: int, stops: tuple[re.Pattern, ...]) -> list[Line]:
        """The lines from `index` up to one matching `stops` or the next section's title."""
        out = []
        while index < len(self.lines) and not any(r.match(self.lines[index].text) for r in stops):
            following = self._line(index + 1)
            if following is not None and is_score(following.text):
                break
            out.append(self.lines[index])
            index += 1
        return out

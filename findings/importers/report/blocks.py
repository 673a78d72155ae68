"""Splitting the key findings into headings and paragraphs, whatever the text's shape.

The shape (pasted.py, wrapped.py) decides where a paragraph ends; lists.py reads the items of
a list inside a paragraph; the framework's usual topic headings are recognised first.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from findings.importers.report.lists import InList, ListReader
from findings.importers.report.pasted import OneParagraphPerLine
from findings.importers.report.text import (
    BULLET_RE,
    Line,
    continues_sentence,
    looks_like_heading,
    normalise,
    starts_lower,
)
from findings.importers.report.wrapped import (
    WrappedWithBlankLines,
    WrappedWithoutBlankLines,
    has_blank_lines,
    is_wrapped,
)


class Shape(Protocol):
    def joins_sentence(self, line: Line) -> bool: ...
    def may_be_heading(self, line: Line) -> bool: ...
    def joins_paragraph(self, last: Line, line: Line) -> bool: ...


def shape_of(lines: list[Line]) -> Shape:
    """One paragraph per line (pasted), or hard-wrapped with or without blank lines (PDF)."""
    if not is_wrapped(lines):
        return OneParagraphPerLine()
    if has_blank_lines(lines):
        return WrappedWithBlankLines()
    return WrappedWithoutBlankLines(lines)


def known_heading(known_topics) -> Callable[[Line], bool]:
    """A test for the framework's usual headings, allowing small differences of wording."""
    known = {normalise(t) for t in known_topics}

    def matches(line: Line) -> bool:
        name = normalise(line.text)
        return name in known or any(
            difflib.SequenceMatcher(None, name, k).ratio() >= 0.92 for k in known
        )

    return matches


@dataclass
class Blocks:
    """The ("heading" | "paragraph", lines) blocks read so far, and the open paragraph."""

    blocks: list[tuple[str, list[Line]]] = field(default_factory=list)
    paragraph: list[Line] = field(default_factory=list)

    def close_paragraph(self) -> None:
        if self.paragraph:
            self.blocks.append(("paragraph", self.paragraph))
            self.paragraph = []

    def heading(self, line: Line) -> None:
        self.close_paragraph()
        self.blocks.append(("heading", [line]))

    def new_paragraph(self, line: Line) -> None:
        self.close_paragraph()
        self.paragraph.append(line)


def split_blocks(lines: list[Line], known_topics=()) -> list[tuple[str, list[Line]]]:
    """The key findings as ("heading" | "paragraph", lines) blocks, in order."""
    shape = shape_of(lines)
    is_known = known_heading(known_topics)
    lists = ListReader(known_headings=bool(known_topics))
    out = Blocks()
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        paragraph = out.paragraph
        if (
            is_known(line)
            and following is not None
            and not starts_lower(following.text)
            and not (paragraph and starts_lower(line.text))
        ):
            out.heading(line)  # a heading the framework says reports use
            lists.close()
            continue
        lists.notice(paragraph)
        if BULLET_RE.match(line.text) and paragraph:
            paragraph.append(line)
            continue
        if lists.open:
            read = lists.read(line, following, paragraph)
            if read is InList.ITEM:
                paragraph.append(line)
                continue
            if read is InList.NEW_PARAGRAPH:
                out.new_paragraph(line)
                continue
        if paragraph and continues_sentence(paragraph[-1], line) and shape.joins_sentence(line):
            paragraph.append(line)  # a sentence carried over a line (or a page) break
        elif shape.may_be_heading(line) and looks_like_heading(line, following):
            out.heading(line)
        elif paragraph and shape.joins_paragraph(paragraph[-1], line):
            paragraph.append(line)
        else:
            out.new_paragraph(line)
    out.close_paragraph()
    return out.blocks

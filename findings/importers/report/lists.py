"""Lists inside findings: after a paragraph that introduces one ("...as follows:"), short
lines are its items, bulleted or not."""

from __future__ import annotations

import enum

from findings.importers.report.text import (
    HEADING_MAX,
    TERMINAL,
    Line,
    ends_sentence,
    looks_like_heading,
    paragraph_like,
    strip_closers,
)


class InList(enum.Enum):
    ITEM = "item"  # the line is the list's next item
    NEW_PARAGRAPH = "new paragraph"  # a full sentence after items: the list is over
    NOT_AN_ITEM = "not an item"  # a heading with a paragraph under it: read as any line


class ListReader:
    """Whether a list is open, and what each line inside it is. `known_headings`: the framework
    lists the statement's usual headings (matched before any list), so any other short line is
    an item rather than a heading."""

    def __init__(self, *, known_headings: bool):
        self.known_headings = known_headings
        self.open = False

    def close(self) -> None:
        self.open = False

    def notice(self, paragraph: list[Line]) -> None:
        """A paragraph ending with a colon opens a list."""
        if paragraph and strip_closers(paragraph[-1].text).endswith(":"):
            self.open = True

    def read(self, line: Line, following: Line | None, paragraph: list[Line]) -> InList:
        """What `line` is, the list being open; the list stays open only after an item that
        is short and not a full sentence."""
        last = strip_closers(paragraph[-1].text)
        heading = looks_like_heading(line, following) and paragraph_like(following)
        new_paragraph = (
            ends_sentence(line.text) and not last.endswith(":") and last[-1:] not in TERMINAL
        )
        if not new_paragraph and (self.known_headings or not heading):
            self.open = not ends_sentence(line.text) and len(line.text) <= HEADING_MAX
            return InList.ITEM
        self.open = False
        return InList.NEW_PARAGRAPH if new_paragraph else InList.NOT_AN_ITEM

"""Lines of a report's text: normalised, numbered, and what each looks like."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

# A page number as PDFs print it ("12", "Page 12", "12 of 40", "12/40"): dropped from the
# text here, and from the edges of PDF pages by findings.services.reports.
PAGE_NUMBER_RE = re.compile(r"^(page\s*)?\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE)
BULLET_RE = re.compile(r"^([•▪◦·*\-]|\d+[.)])\s+")
SCORE_ALONE_RE = re.compile(r"^(indicative\s+)?score\s*:?$", re.IGNORECASE)
TERMINAL = ".!?:;"
CLOSERS = "'\")]"
HEADING_MAX = 150


def clean_line(line: str) -> str:
    """Unicode-normalise a line: curly quotes and dashes to plain, odd spaces folded."""
    line = unicodedata.normalize("NFKC", line).translate(_QUOTES)
    line = line.replace("\u00ad", "").replace("\ufeff", "")
    return re.sub(r"[ \t\u00a0]+", " ", line).strip()


def normalise(text: str) -> str:
    """For comparing titles and commitments: lower case, & as and, punctuation dropped."""
    text = clean_line(text).lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def strip_closers(text: str) -> str:
    return text.rstrip(CLOSERS + " ")


def ends_sentence(text: str) -> bool:
    stripped = strip_closers(text)
    return bool(stripped) and stripped[-1] in TERMINAL


def starts_lower(text: str) -> bool:
    first = text.lstrip(CLOSERS + "(")[:1]
    return first.islower()


@dataclass
class Line:
    number: int
    text: str
    blank_before: bool


def content_lines(text: str) -> list[Line]:
    """Non-empty lines with their numbers; page numbers dropped; "Score:" joined to its value
    when a PDF put the number on a line of its own."""
    lines: list[Line] = []
    blank = True
    pending_score: Line | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean_line(raw)
        if pending_score is not None and line:
            if re.match(r"^\d+\b", line):
                pending_score.text = f"Score: {line}"
                pending_score = None
                continue
            pending_score = None
        if not line or PAGE_NUMBER_RE.match(line):
            blank = True
            continue
        lines.append(Line(number, line, blank))
        if SCORE_ALONE_RE.match(line):
            pending_score = lines[-1]
        blank = False
    return lines


def continues_sentence(last: Line, line: Line) -> bool:
    """Whether `line` carries on the sentence `last` left open (or starts in lower case)."""
    return starts_lower(line.text) or not ends_sentence(last.text)


def paragraph_like(line: Line | None) -> bool:
    return line is not None and (len(line.text) > HEADING_MAX or ends_sentence(line.text))


def looks_like_heading(line: Line, following: Line | None) -> bool:
    """Short, not a sentence nor an item, and followed by something that is not its
    continuation."""
    text = line.text
    if len(text) > HEADING_MAX or ends_sentence(text) or text.endswith(","):
        return False
    if starts_lower(text) or BULLET_RE.match(text):
        return False
    if following is None:
        return False  # a heading with nothing under it is not a heading
    return not starts_lower(following.text)

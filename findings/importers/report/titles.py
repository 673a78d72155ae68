"""Recognising a section's start: statement titles (exact, alias or close wording), theme
headings, and the score with its published label."""

from __future__ import annotations

import difflib
import re

from assessment.scoring import SCORE_LABELS
from findings.importers.report.model import Catalogue, ReportFormatError, StatementRef
from findings.importers.report.text import Line, clean_line, normalise

SCORE_RE = re.compile(
    r"^(?:indicative\s+)?score\s*[:\-]?\s*(?P<score>\d+)\s*(?:/\s*4|out of 4)?"
    r"(?:\s*[-:]?\s*(?P<label>[A-Za-z].*))?$",
    re.IGNORECASE,
)
LABEL_RE = re.compile(
    r"^(?:(?P<score>\d+)\s*[-:.]?\s*)?(?P<label>evidence shows .*)$", re.IGNORECASE
)
THEME_BLURB_RE = re.compile(r"^this theme (includes|covers)", re.IGNORECASE)
THEME_PREFIX_RE = re.compile(r"^theme\s*\d+\s*[:.\-]?\s*", re.IGNORECASE)
STATEMENT_PREFIX_RE = re.compile(r"^(quality statement|statement)\s*\d*\s*[:.\-]\s*", re.IGNORECASE)


def is_score(line: str) -> bool:
    return bool(SCORE_RE.match(line))


class TitleMatcher:
    """Matches printed titles to statements: exact, alias, then close wording."""

    def __init__(self, catalogue: Catalogue):
        self.by_name: dict[str, StatementRef] = {}
        for ref in catalogue.statements:
            for name in (ref.title, *ref.aliases):
                self.by_name[normalise(name)] = ref
        self.themes = {normalise(t) for t in catalogue.theme_titles}

    def match(self, line: str) -> StatementRef | None:
        name = normalise(STATEMENT_PREFIX_RE.sub("", clean_line(line)))
        if not name or len(name) > 120:
            return None
        if name in self.by_name:
            return self.by_name[name]
        words = set(name.split())
        best, best_ratio = None, 0.0
        for known, ref in self.by_name.items():
            ratio = difflib.SequenceMatcher(None, name, known).ratio()
            known_words = set(known.split())
            # Same words in another order ("Safe systems, pathways and transitions").
            if words == known_words:
                ratio = max(ratio, 0.99)
            if ratio > best_ratio:
                best, best_ratio = ref, ratio
        return best if best_ratio >= 0.86 else None

    def closest(self, line: str) -> str | None:
        names = difflib.get_close_matches(normalise(line), list(self.by_name), n=1, cutoff=0.5)
        return self.by_name[names[0]].title if names else None

    def is_theme(self, line: str) -> bool:
        return normalise(THEME_PREFIX_RE.sub("", clean_line(line))) in self.themes


def read_score(score_line: Line, next_line: Line | None) -> tuple[int, bool]:
    """The section's score (1-4), checked against its label on the same line or the next
    (CQC's wording, assessment.scoring.SCORE_LABELS, give or take small differences). Returns
    the score and whether the next line was its label."""
    match = SCORE_RE.match(score_line.text)
    score = int(match.group("score"))
    if not 1 <= score <= 4:
        raise ReportFormatError(score_line.number, f"the score must be 1 to 4, not {score}")
    labels = [match.group("label")] if match.group("label") else []
    label = LABEL_RE.match(next_line.text) if next_line is not None else None
    if label:
        if label.group("score") and int(label.group("score")) != score:
            raise ReportFormatError(
                next_line.number,
                f"the label says {label.group('score')} but the score is {score}",
            )
        labels.append(label.group("label"))
    expected = normalise(SCORE_LABELS[score])
    for printed in labels:
        if normalise(printed) != expected and (
            difflib.SequenceMatcher(None, normalise(printed), expected).ratio() < 0.8
        ):
            raise ReportFormatError(
                score_line.number,
                f"score {score} is labelled {printed!r}; expected {SCORE_LABELS[score]!r}",
            )
    return score, label is not None

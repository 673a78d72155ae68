"""CQC's scoring rules as pure functions: no ORM, no Django, easy to test at every boundary.

"How we determine ratings" (CQC): every quality statement weighs the same; the overall score is
the total of the statement scores over the maximum possible (4 x the number scored), printed as
a whole percentage; the rating follows from bands on that percentage. Until every statement is
scored, the result is provisional.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

MAX_SCORE = 4
MIN_SCORE = 1

SCORE_LABELS: dict[int, str] = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}


class Rating(StrEnum):
    INADEQUATE = "Inadequate"
    REQUIRES_IMPROVEMENT = "Requires improvement"
    GOOD = "Good"
    OUTSTANDING = "Outstanding"


# Lower bound (whole percent, inclusive) of each band, highest first.
RATING_BANDS: tuple[tuple[int, Rating], ...] = (
    (88, Rating.OUTSTANDING),
    (63, Rating.GOOD),
    (39, Rating.REQUIRES_IMPROVEMENT),
    (25, Rating.INADEQUATE),
)


def score_label(score: int | None) -> str:
    """The published label for a score, or "Not yet scored"."""
    if score is None:
        return "Not yet scored"
    try:
        return SCORE_LABELS[score]
    except KeyError:
        raise ValueError(f"A score must be {MIN_SCORE} to {MAX_SCORE}, not {score!r}") from None


def percentage(total: int, scored: int) -> int | None:
    """total / (4 x scored) as a whole percent, rounded half up as CQC prints it.

    Integer arithmetic avoids float surprises at .5: 100 * total / (4 * scored) + 1/2, floored.
    """
    if scored <= 0:
        return None
    if not MIN_SCORE * scored <= total <= MAX_SCORE * scored:
        raise ValueError(f"A total of {total} is impossible for {scored} scored statements")
    return (200 * total + MAX_SCORE * scored) // (2 * MAX_SCORE * scored)


def rating_for(percent: int) -> Rating:
    """The rating band a whole percentage falls in (25-38, 39-62, 63-87, 88+)."""
    for lower, rating in RATING_BANDS:
        if percent >= lower:
            return rating
    raise ValueError(f"{percent}% is below the lowest possible score (25%)")


@dataclass(frozen=True)
class ScoreResult:
    """The overall (or theme) result: what a report prints, and whether it is final."""

    total: int
    scored: int
    expected: int
    percent: int | None
    rating: Rating | None

    @property
    def provisional(self) -> bool:
        return self.scored < self.expected

    @property
    def complete(self) -> bool:
        return not self.provisional

    def __str__(self) -> str:
        if self.percent is None:
            return "Not yet scored"
        text = f"{self.percent}% {self.rating}"
        return f"{text} (provisional)" if self.provisional else text


def result_from_totals(*, total: int, scored: int, expected: int) -> ScoreResult:
    """Result from totals the database already summed (SUM and COUNT of scored statements)."""
    if scored > expected:
        raise ValueError(f"{scored} statements scored but only {expected} exist")
    pct = percentage(total, scored)
    return ScoreResult(
        total=total,
        scored=scored,
        expected=expected,
        percent=pct,
        rating=None if pct is None else rating_for(pct),
    )


def result_from_scores(scores: Iterable[int | None]) -> ScoreResult:
    """Result from one score per statement; None marks a statement not yet scored."""
    values = list(scores)
    scored = [s for s in values if s is not None]
    for s in scored:
        score_label(s)  # validates the range
    return result_from_totals(total=sum(scored), scored=len(scored), expected=len(values))

"""CQC's scoring rules: percentages, rounding, every band boundary, provisional results."""

import pytest

from assessment import scoring
from assessment.scoring import Rating


@pytest.mark.parametrize(
    ("scores", "percent", "rating"),
    [
        ([3] * 9, 75, Rating.GOOD),
        ([2] * 9, 50, Rating.REQUIRES_IMPROVEMENT),
        ([3] * 8 + [4], 78, Rating.GOOD),  # 28/36 = 77.8 -> 78
        ([1] * 9, 25, Rating.INADEQUATE),
        ([4] * 9, 100, Rating.OUTSTANDING),
        ([2] * 8 + [3], 53, Rating.REQUIRES_IMPROVEMENT),  # 19/36 = 52.8 -> 53
    ],
)
def test_published_examples(scores, percent, rating):
    result = scoring.result_from_scores(scores)
    assert result.percent == percent
    assert result.rating == rating
    assert not result.provisional
    assert str(result) == f"{percent}% {rating}"


@pytest.mark.parametrize(
    ("percent", "rating"),
    [
        (25, Rating.INADEQUATE),
        (38, Rating.INADEQUATE),
        (39, Rating.REQUIRES_IMPROVEMENT),
        (62, Rating.REQUIRES_IMPROVEMENT),
        (63, Rating.GOOD),
        (87, Rating.GOOD),
        (88, Rating.OUTSTANDING),
        (100, Rating.OUTSTANDING),
    ],
)
def test_every_band_boundary(percent, rating):
    assert scoring.rating_for(percent) == rating


def test_below_the_lowest_possible_percentage_is_an_error():
    with pytest.raises(ValueError, match="below the lowest"):
        scoring.rating_for(24)


@pytest.mark.parametrize(
    ("total", "scored", "percent"),
    [
        (14, 9, 39),  # 38.89 rounds up into Requires improvement
        (5, 4, 31),  # 31.25 rounds down
        (9, 8, 28),  # 28.125
        (11, 8, 34),  # 34.375
        (7, 4, 44),  # 43.75 rounds up
        (5, 2, 63),  # 62.5: half rounds up, as CQC prints it
        (7, 2, 88),  # 87.5: half rounds up into Outstanding
        (31, 9, 86),  # 86.11
        (32, 9, 89),  # 88.89
    ],
)
def test_rounding_is_half_up_to_a_whole_percent(total, scored, percent):
    assert scoring.percentage(total, scored) == percent


def test_percentage_of_nothing_scored_is_none():
    assert scoring.percentage(0, 0) is None


def test_impossible_totals_are_refused():
    with pytest.raises(ValueError, match="impossible"):
        scoring.percentage(40, 9)


def test_partly_scored_is_provisional():
    result = scoring.result_from_scores([3, 3, None, 2, None, None, None, None, None])
    assert result.provisional
    assert result.scored == 3
    assert result.expected == 9
    assert result.percent == 67  # 8/12
    assert str(result) == "67% Good (provisional)"


def test_nothing_scored_has_no_rating():
    result = scoring.result_from_scores([None] * 9)
    assert result.percent is None
    assert result.rating is None
    assert str(result) == "Not yet scored"


def test_theme_result_uses_the_same_formula():
    # Theme 4 (Leadership) of the seed's council: 3 and 2 -> 5/8 = 62.5 -> 63%.
    result = scoring.result_from_scores([3, 2])
    assert result.percent == 63


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (1, "Evidence shows significant shortfalls"),
        (2, "Evidence shows some shortfalls"),
        (3, "Evidence shows a good standard"),
        (4, "Evidence shows an exceptional standard"),
        (None, "Not yet scored"),
    ],
)
def test_score_labels(score, label):
    assert scoring.score_label(score) == label


@pytest.mark.parametrize("bad", [0, 5, -1])
def test_score_out_of_range_is_refused(bad):
    with pytest.raises(ValueError, match="1 to 4"):
        scoring.score_label(bad)


def test_more_scored_than_statements_is_refused():
    with pytest.raises(ValueError, match="only 9 exist"):
        scoring.result_from_totals(total=30, scored=10, expected=9)

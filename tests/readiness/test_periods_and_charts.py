"""Periods (financial years) and the trend chart's geometry: pure functions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.charts import trend_line
from readiness import periods
from readiness.numbers import plain


@pytest.mark.parametrize("text", ["2024-25", "2024/25", "2024-2025", " 2024 / 2025 ", "2024–25"])
def test_a_financial_year_is_read_in_its_usual_spellings(text):
    assert periods.parse(text) == datetime.date(2024, 4, 1)
    assert periods.label(periods.parse(text)) == "2024-25"


def test_the_year_after_1999_is_2000():
    assert periods.parse("1999-00") == datetime.date(1999, 4, 1)
    assert periods.end_of(datetime.date(1999, 4, 1)) == datetime.date(2000, 3, 31)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2024", "period_format"),
        ("24-25", "period_format"),
        ("", "period_format"),
        ("2024-26", "period_years"),
        ("2024-2026", "period_years"),
        ("0000-01", "period_too_early"),
        ("1989-90", "period_too_early"),
        ("9998-99", "period_future"),
    ],
)
def test_what_is_not_a_period_that_has_started_is_refused(text, code):
    with pytest.raises(ValidationError) as refused:
        periods.parse(text)
    assert refused.value.code == code


def test_numbers_are_written_without_trailing_zeros():
    from decimal import Decimal

    assert [plain(Decimal(v)) for v in ("64.30", "70.00", "-2.50", "0.00", "1204")] == [
        "64.3",
        "70",
        "-2.5",
        "0",
        "1204",
    ]
    assert plain(None) == ""


def test_the_trend_prints_each_value_beside_its_marker():
    chart = trend_line(
        id="t",
        title="Satisfied",
        periods=[("2022-23", 60.0, "60%"), ("2023-24", 61.0, "61%"), ("2024-25", 64.3, "64.3%")],
        comparator=[58.0, None, 62.8],
        comparator_label="England",
        target=(63.0, "at least 63%"),
        bounds=(0, 100),
    )
    assert [(p.label, p.text, p.printed) for p in chart.points] == [
        ("2022-23", "60%", True),
        ("2023-24", "61%", True),
        ("2024-25", "64.3%", True),
    ]
    xs = [p.x for p in chart.points]
    assert xs == sorted(xs)
    assert chart.points[2].y < chart.points[0].y  # higher values are drawn higher
    assert len(chart.comparator) == 2  # a missing comparator draws no square
    assert [value for _, value in chart.ticks] == ["55", "60", "65"]  # round steps
    assert chart.points[0].y > chart.target_y > chart.points[2].y
    assert chart.description == "2022-23: 60%; 2023-24: 61%; 2024-25: 64.3%"
    assert chart.path.startswith("M")


def test_many_periods_print_about_five_labels_always_the_latest():
    rows = [(f"{2010 + i}-{11 + i}", 50.0 + i, f"{50 + i}%") for i in range(12)]
    chart = trend_line(id="t", title="t", periods=rows, bounds=(0, 100))
    printed = [p.label for p in chart.points if p.printed]
    assert printed[-1] == "2021-22"
    assert len(printed) <= 5


def test_a_percentage_scale_stays_within_0_and_100():
    chart = trend_line(id="t", title="t", periods=[("2024-25", 99.5, "99.5%")], bounds=(0, 100))
    assert [value for _, value in chart.ticks][-1] == "100"
    single = chart.points[0]
    assert single.x == (chart.plot_left + chart.plot_right) / 2

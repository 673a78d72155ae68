import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from assessment import services
from assessment.models import Assessment, StatementScore
from tests.assessment.factories import AssessmentFactory, OrganisationFactory, score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(cqc_framework):
    return AssessmentFactory()


def test_new_assessment_has_one_unscored_record_per_statement(assessment):
    assert assessment.scores.count() == 9
    assert not assessment.scores.filter(score__isnull=False).exists()
    assert str(assessment.result) == "Not yet scored"


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([3] * 9, "75% Good"),
        ([2] * 9, "50% Requires improvement"),
        ([3] * 8 + [4], "78% Good"),
        ([3, 3, 2, None, None, None, None, None, None], "67% Good (provisional)"),
    ],
)
def test_overall_result_from_database_totals(assessment, scores, expected):
    score_all(assessment, scores)
    annotated = Assessment.objects.with_results().get(pk=assessment.pk)
    assert str(annotated.result) == expected
    fresh = Assessment.objects.get(pk=assessment.pk)
    assert str(fresh.result) == expected


def test_duplicate_statement_score_is_refused(assessment):
    record = assessment.scores.first()
    with pytest.raises(IntegrityError):
        StatementScore.objects.create(assessment=assessment, statement=record.statement)


def test_score_outside_1_to_4_is_refused_with_a_message(assessment):
    record = assessment.scores.first()
    with pytest.raises(ValidationError) as excinfo:
        services.set_statement_score(user=None, score_record=record, score=5, summary="")
    assert "score" in excinfo.value.message_dict
    record.refresh_from_db()
    assert record.score is None


def test_database_refuses_score_outside_range_even_without_validation(assessment):
    with pytest.raises(IntegrityError):
        assessment.scores.update(score=0)


def test_dates_in_the_wrong_order_are_refused(cqc_framework):
    assessment = Assessment(
        organisation=OrganisationFactory(),
        framework=cqc_framework,
        title="Wrong dates",
        start_date=datetime.date(2024, 5, 1),
        end_date=datetime.date(2024, 4, 1),
        published_date=datetime.date(2024, 3, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.create_assessment(user=None, assessment=assessment)
    assert set(excinfo.value.message_dict) == {"end_date", "published_date"}
    assert not Assessment.objects.filter(title="Wrong dates").exists()
    assert not StatementScore.objects.filter(assessment__title="Wrong dates").exists()


def test_score_changes_keep_history(assessment, officer):
    record = assessment.scores.first()
    services.set_statement_score(user=None, score_record=record, score=2, summary="first")
    services.set_statement_score(user=None, score_record=record, score=3, summary="second")
    assert list(record.history.order_by("history_date").values_list("score", flat=True)) == [2, 3]


def test_str_and_urls(assessment):
    record = assessment.scores.select_related("statement").first()
    assert str(record) == "Assessing needs: Not yet scored"
    assert record.get_absolute_url() == (
        f"/assessments/{assessment.pk}/statements/assessing-needs/"
    )
    assert assessment.get_absolute_url() == f"/assessments/{assessment.pk}/"

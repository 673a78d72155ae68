import pytest

from readiness.metrics_loader import BUILTIN_FILE
from readiness.services.metrics import load_metrics_file
from tests.assessment.factories import AssessmentFactory


@pytest.fixture
def cqc_metrics(cqc_framework):
    """CQC's metrics as shipped. Loaded by a migration; loaded again here (it changes nothing)
    because transactional tests flush the migration's rows."""
    return load_metrics_file(BUILTIN_FILE)


@pytest.fixture
def assessment(cqc_metrics):
    return AssessmentFactory()


@pytest.fixture
def record(assessment):
    """The score row of "Assessing needs" (two I statements, sixteen metrics)."""
    return assessment.scores.select_related("statement", "assessment").get(
        statement__slug="assessing-needs"
    )

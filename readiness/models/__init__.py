"""Ready for re-assessment: the self-assessment, the metrics CQC looks at and their values."""

from readiness.models.metrics import Metric, MetricList, MetricValue
from readiness.models.self_assessment import (
    SelfAssessmentEvidence,
    SelfAssessmentSummary,
    StatementSelfAssessment,
)

__all__ = [
    "Metric",
    "MetricList",
    "MetricValue",
    "SelfAssessmentEvidence",
    "SelfAssessmentSummary",
    "StatementSelfAssessment",
]

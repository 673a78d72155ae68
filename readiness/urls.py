from django.urls import path

from readiness.views import metrics, pack, self_assessment

app_name = "readiness"

urlpatterns = [
    path(
        "assessments/<int:pk>/self-assessment/",
        self_assessment.SelfAssessmentView.as_view(),
        name="self-assessment",
    ),
    path(
        "assessments/<int:pk>/statements/<slug:slug>/self-assessment/",
        self_assessment.StatementSelfAssessmentView.as_view(),
        name="statement-self-assessment",
    ),
    path(
        "assessments/<int:pk>/information-return.pdf",
        pack.PackPdfView.as_view(),
        name="pack-pdf",
    ),
    path(
        "assessments/<int:pk>/information-return.xlsx",
        pack.PackXlsxView.as_view(),
        name="pack-xlsx",
    ),
    path("organisations/<int:pk>/metrics/", metrics.MetricListView.as_view(), name="metric-list"),
    path(
        "organisations/<int:pk>/metrics/import/",
        metrics.MetricImportView.as_view(),
        name="value-import",
    ),
    path(
        "organisations/<int:pk>/metrics/<int:metric_pk>/",
        metrics.MetricDetailView.as_view(),
        name="metric-detail",
    ),
    path(
        "organisations/<int:pk>/metrics/<int:metric_pk>/values/new/",
        metrics.MetricValueCreateView.as_view(),
        name="value-create",
    ),
    path(
        "metric-values/<int:pk>/edit/", metrics.MetricValueUpdateView.as_view(), name="value-update"
    ),
    path(
        "metric-values/<int:pk>/delete/",
        metrics.MetricValueDeleteView.as_view(),
        name="value-delete",
    ),
    path("metrics/template.csv", metrics.MetricTemplateView.as_view(), name="import-template"),
]

from django.urls import path

from findings.views import evidence as evidence_views
from findings.views import evidence_files
from findings.views import findings as finding_views
from findings.views import report as report_views
from findings.views import report_import as report_import_views
from findings.views import triage as triage_views

app_name = "findings"

urlpatterns = [
    path("findings/", finding_views.FindingListView.as_view(), name="finding-list"),
    path("findings/export.csv", finding_views.FindingExportView.as_view(), name="finding-export"),
    path(
        "findings/set-selected/",
        triage_views.FindingBulkTriageView.as_view(),
        name="finding-bulk-triage",
    ),
    path(
        "findings/<int:pk>/triage/",
        triage_views.FindingTriageView.as_view(),
        name="finding-triage",
    ),
    path("findings/<int:pk>/", finding_views.FindingDetailView.as_view(), name="finding-detail"),
    path(
        "findings/<int:pk>/edit/", finding_views.FindingUpdateView.as_view(), name="finding-update"
    ),
    path(
        "findings/<int:pk>/delete/",
        finding_views.FindingDeleteView.as_view(),
        name="finding-delete",
    ),
    path(
        "findings/<int:pk>/move/<str:direction>/",
        finding_views.FindingMoveView.as_view(),
        name="finding-move",
    ),
    path(
        "assessments/<int:pk>/statements/<slug:slug>/findings/new/",
        finding_views.FindingCreateView.as_view(),
        name="finding-create",
    ),
    path(
        "assessments/<int:pk>/statements/<slug:slug>/triage/",
        triage_views.StatementTriageView.as_view(),
        name="statement-triage",
    ),
    path(
        "assessments/<int:pk>/import-report/",
        report_import_views.ReportImportView.as_view(),
        name="report-import",
    ),
    path(
        "assessments/<int:pk>/evidence/",
        evidence_views.EvidenceListView.as_view(),
        name="evidence-list",
    ),
    path(
        "assessments/<int:pk>/evidence/new/",
        evidence_views.EvidenceCreateView.as_view(),
        name="evidence-create",
    ),
    path(
        "organisations/<int:pk>/evidence/",
        evidence_views.EvidenceLibraryView.as_view(),
        name="evidence-library",
    ),
    path(
        "organisations/<int:pk>/evidence/new/",
        evidence_views.LibraryEvidenceCreateView.as_view(),
        name="library-evidence-create",
    ),
    path("evidence/<int:pk>/", evidence_views.EvidenceDetailView.as_view(), name="evidence-detail"),
    path(
        "evidence/<int:pk>/edit/",
        evidence_views.EvidenceUpdateView.as_view(),
        name="evidence-update",
    ),
    path(
        "evidence/<int:pk>/file/", evidence_files.EvidenceFileView.as_view(), name="evidence-file"
    ),
    path(
        "evidence/<int:pk>/versions/new/",
        evidence_files.EvidenceVersionCreateView.as_view(),
        name="evidence-version-create",
    ),
    path(
        "evidence/<int:pk>/versions/<int:number>/file/",
        evidence_files.EvidenceVersionFileView.as_view(),
        name="evidence-version-file",
    ),
    path(
        "assessments/<int:pk>/report/",
        report_views.AssessmentReportView.as_view(),
        name="assessment-report",
    ),
    path(
        "assessments/<int:pk>/report.pdf",
        report_views.AssessmentReportPdfView.as_view(),
        name="assessment-report-pdf",
    ),
    path(
        "assessments/<int:pk>/report.xlsx",
        report_views.AssessmentReportXlsxView.as_view(),
        name="assessment-report-xlsx",
    ),
]

from django.urls import path

from findings.views import complaints as complaint_views
from findings.views import findings as finding_views

app_name = "findings"

urlpatterns = [
    # --- findings and evidence ---
    path("findings/", finding_views.FindingListView.as_view(), name="finding-list"),
    # --- complaints ---
    path("complaints/", complaint_views.ComplaintListView.as_view(), name="complaint-list"),
    path("complaints/new/", complaint_views.ComplaintCreateView.as_view(), name="complaint-create"),
    path(
        "complaints/export.csv",
        complaint_views.ComplaintExportView.as_view(),
        name="complaint-export",
    ),
    path(
        "complaints/import/",
        complaint_views.ComplaintImportView.as_view(),
        name="complaint-import",
    ),
    path(
        "complaints/report/",
        complaint_views.ComplaintsReportView.as_view(),
        name="complaints-report",
    ),
    path(
        "complaints/<int:pk>/",
        complaint_views.ComplaintDetailView.as_view(),
        name="complaint-detail",
    ),
    path(
        "complaints/<int:pk>/edit/",
        complaint_views.ComplaintUpdateView.as_view(),
        name="complaint-update",
    ),
    path(
        "complaints/<int:pk>/delete/",
        complaint_views.ComplaintDeleteView.as_view(),
        name="complaint-delete",
    ),
]

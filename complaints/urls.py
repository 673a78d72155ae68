from django.urls import include, path

from complaints import report_views, setup_urls, views

app_name = "complaints"

urlpatterns = [
    path("complaints/", views.ComplaintListView.as_view(), name="complaint-list"),
    path("complaints/new/", views.ComplaintCreateView.as_view(), name="complaint-create"),
    path(
        "complaints/export.csv",
        views.ComplaintExportView.as_view(),
        name="complaint-export",
    ),
    path(
        "complaints/import/",
        views.ComplaintImportView.as_view(),
        name="complaint-import",
    ),
    path(
        "complaints/import/template/",
        views.ComplaintImportTemplateView.as_view(),
        name="complaint-import-template",
    ),
    path(
        "complaints/report/",
        report_views.ComplaintsReportView.as_view(),
        name="complaints-report",
    ),
    path(
        "complaints/<int:pk>/",
        views.ComplaintDetailView.as_view(),
        name="complaint-detail",
    ),
    path(
        "complaints/<int:pk>/edit/",
        views.ComplaintUpdateView.as_view(),
        name="complaint-update",
    ),
    path(
        "complaints/<int:pk>/delete/",
        views.ComplaintDeleteView.as_view(),
        name="complaint-delete",
    ),
    path("", include(setup_urls.urlpatterns)),
]

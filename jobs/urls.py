from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.JobListView.as_view(), name="job-list"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job-detail"),
    path("jobs/<int:pk>/status.json", views.JobStatusView.as_view(), name="job-status"),
    path("jobs/<int:pk>/file/", views.JobFileView.as_view(), name="job-file"),
]

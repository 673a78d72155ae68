from django.urls import include, path

from assessment import views
from assessment.members import urls as members_urls

app_name = "assessment"

urlpatterns = [
    path("assessments/", views.AssessmentListView.as_view(), name="assessment-list"),
    path("assessments/new/", views.AssessmentCreateView.as_view(), name="assessment-create"),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment-detail"),
    path(
        "assessments/<int:pk>/edit/",
        views.AssessmentUpdateView.as_view(),
        name="assessment-update",
    ),
    path(
        "assessments/<int:pk>/statements/<slug:slug>/",
        views.StatementDetailView.as_view(),
        name="statement-detail",
    ),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", views.OrganisationCreateView.as_view(), name="organisation-create"),
    path(
        "organisations/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path(
        "organisations/<int:pk>/compare/",
        views.ComparisonView.as_view(),
        name="organisation-compare",
    ),
    path(
        "organisations/<int:pk>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation-update",
    ),
    path("", include(members_urls.urlpatterns)),
]

from django.urls import path

from learning.views import briefs, report, reviews, teams

app_name = "learning"

urlpatterns = [
    path("learning/teams/", teams.TeamListView.as_view(), name="team-list"),
    path("learning/teams/new/", teams.TeamCreateView.as_view(), name="team-create"),
    path("learning/teams/<int:pk>/edit/", teams.TeamUpdateView.as_view(), name="team-update"),
    path("learning/reviews/", reviews.ReviewListView.as_view(), name="review-list"),
    path("learning/reviews/new/", reviews.ReviewCreateView.as_view(), name="review-create"),
    path("learning/reviews/<int:pk>/", reviews.ReviewDetailView.as_view(), name="review-detail"),
    path(
        "learning/reviews/<int:pk>/edit/", reviews.ReviewUpdateView.as_view(), name="review-update"
    ),
    path(
        "learning/reviews/<int:pk>/recommendations/new/",
        reviews.RecommendationCreateView.as_view(),
        name="recommendation-create",
    ),
    path(
        "learning/recommendations/<int:pk>/edit/",
        reviews.RecommendationUpdateView.as_view(),
        name="recommendation-update",
    ),
    path("learning/briefs/", briefs.BriefListView.as_view(), name="brief-list"),
    path("learning/briefs/new/", briefs.BriefCreateView.as_view(), name="brief-create"),
    path("learning/briefs/<int:pk>/", briefs.BriefDetailView.as_view(), name="brief-detail"),
    path("learning/briefs/<int:pk>/edit/", briefs.BriefUpdateView.as_view(), name="brief-update"),
    path(
        "learning/briefs/<int:pk>/publish/", briefs.BriefPublishView.as_view(), name="brief-publish"
    ),
    path(
        "learning/briefs/<int:pk>/acknowledge/",
        briefs.BriefAcknowledgeView.as_view(),
        name="brief-acknowledge",
    ),
    path("learning/briefs/<int:pk>/reach/", briefs.BriefReachView.as_view(), name="brief-reach"),
    path(
        "learning/briefs/<int:pk>/checks/new/",
        briefs.CheckCreateView.as_view(),
        name="check-create",
    ),
    path("learning/attachments/<int:pk>/", briefs.AttachmentView.as_view(), name="attachment-file"),
    path("learning/organisations/<int:pk>/report/", report.ReportView.as_view(), name="report"),
    path(
        "learning/organisations/<int:pk>/report.pdf",
        report.ReportPdfView.as_view(),
        name="report-pdf",
    ),
    path(
        "learning/organisations/<int:pk>/report.xlsx",
        report.ReportXlsxView.as_view(),
        name="report-xlsx",
    ),
]

from django.urls import path

from actions import views
from actions.views import public
from actions.views.pdf import PlanPdfView

app_name = "actions"

urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plan-list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan-create"),
    path("plans/approval/", views.ApprovalQueueView.as_view(), name="approval-queue"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan-update"),
    path("plans/<int:pk>/plan.pdf", PlanPdfView.as_view(), name="plan-pdf"),
    path(
        "plans/<int:pk>/step/<slug:name>/",
        views.PlanTransitionView.as_view(),
        name="plan-transition",
    ),
    path("plans/<int:pk>/actions/new/", views.ActionCreateView.as_view(), name="action-create"),
    path("actions/", views.ActionListView.as_view(), name="action-list"),
    path("actions/mine/", views.MyActionsView.as_view(), name="my-actions"),
    path("actions/overdue/", views.OverdueActionsView.as_view(), name="overdue"),
    path("actions/due-soon/", views.DueSoonActionsView.as_view(), name="due-soon"),
    path(
        "actions/unanswered-shortfalls/",
        views.UnansweredShortfallsView.as_view(),
        name="unanswered-shortfalls",
    ),
    path("actions/for-finding/", views.ActionForFindingView.as_view(), name="action-for-finding"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action-detail"),
    path("actions/<int:pk>/edit/", views.ActionUpdateView.as_view(), name="action-update"),
    path("actions/<int:pk>/progress/", views.ActionProgressView.as_view(), name="action-progress"),
    path("actions/<int:pk>/verify/", views.ActionVerifyView.as_view(), name="action-verify"),
    path("actions/<int:pk>/review/", views.ActionReviewView.as_view(), name="action-review"),
    path(
        "progress/<int:pk>/evidence/",
        views.ProgressEvidenceView.as_view(),
        name="progress-evidence",
    ),
    path(
        "organisations/<int:pk>/you-said-we-did/",
        views.YouSaidWeDidView.as_view(),
        name="you-said-we-did",
    ),
    path(
        "organisations/<int:pk>/you-said-we-did.pdf",
        public.YouSaidWeDidPdfView.as_view(),
        name="you-said-we-did-pdf",
    ),
    path("public-wording/", public.WordingQueueView.as_view(), name="public-wording-queue"),
    path(
        "reviews/<int:pk>/public-wording/",
        public.PublicWordingView.as_view(),
        name="public-wording",
    ),
    path(
        "reviews/<int:pk>/public-wording/approve/",
        public.PublicWordingApproveView.as_view(),
        name="public-wording-approve",
    ),
    path(
        "reviews/<int:pk>/public-wording/withdraw/",
        public.PublicWordingWithdrawView.as_view(),
        name="public-wording-withdraw",
    ),
    path("feedback-sources/", public.FeedbackSourceListView.as_view(), name="feedback-source-list"),
    path(
        "feedback-sources/new/",
        public.FeedbackSourceCreateView.as_view(),
        name="feedback-source-create",
    ),
    path(
        "feedback-sources/<int:pk>/",
        public.FeedbackSourceDetailView.as_view(),
        name="feedback-source-detail",
    ),
    path(
        "feedback-sources/<int:pk>/edit/",
        public.FeedbackSourceUpdateView.as_view(),
        name="feedback-source-update",
    ),
    path(
        "feedback-sources/<int:pk>/outcomes.pdf",
        public.FeedbackSourcePdfView.as_view(),
        name="feedback-source-pdf",
    ),
]

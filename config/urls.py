from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import accounts, views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's names, which its password views redirect to.
    path(
        "accounts/password/change/",
        accounts.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("", include("assessment.urls")),
    path("", include("findings.urls")),
    path("", include("complaints.urls")),
    path("", include("actions.urls")),
    path("", include("readiness.urls")),
    path("", include("learning.urls")),
    path("", include("notifications.urls")),
    path("", include("jobs.urls")),
]

if settings.BENCHMARK_ENDPOINTS:
    # The benchmark's ceiling: a fixed response through the same server, middleware and session;
    # and its floor: the site layout around an empty body.
    from config.bench_views import ceiling, floor

    urlpatterns.append(path("bench/ceiling/", ceiling, name="bench-ceiling"))
    urlpatterns.append(path("bench/floor/", floor, name="bench-floor"))

admin.site.site_header = "Inspection tracker administration"
admin.site.site_title = "Inspection tracker"

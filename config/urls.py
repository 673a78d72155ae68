from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("assessment.urls")),
    path("", include("findings.urls")),
    path("", include("actions.urls")),
]

if settings.BENCHMARK_ENDPOINTS:
    # The benchmark's ceiling: a fixed response through the same server, middleware and session.
    from config.bench_views import ceiling

    urlpatterns.append(path("bench/ceiling/", ceiling, name="bench-ceiling"))

admin.site.site_header = "Inspection tracker administration"
admin.site.site_title = "Inspection tracker"

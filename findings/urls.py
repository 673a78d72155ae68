from django.urls import path

from findings.views import complaints as complaint_views  # noqa: F401  (complaints: issue 4)
from findings.views import findings as finding_views

app_name = "findings"

urlpatterns = [
    # --- findings and evidence ---
    path("findings/", finding_views.FindingListView.as_view(), name="finding-list"),
    # --- complaints ---
]

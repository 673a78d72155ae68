"""The URLs of the category and service area pages, included by complaints/urls.py: the same
views for both lists, named complaints:complaintcategory-... and complaints:servicearea-...."""

from django.urls import path

from complaints import setup_views as views
from complaints.models import ComplaintCategory, ServiceArea


def list_patterns(model, segment: str) -> list:
    name = model._meta.model_name
    return [
        path(
            f"organisations/<int:pk>/{segment}/",
            views.ItemListView.as_view(model=model),
            name=f"{name}-list",
        ),
        path(
            f"organisations/<int:pk>/{segment}/new/",
            views.ItemCreateView.as_view(model=model),
            name=f"{name}-create",
        ),
        path(
            f"{segment}/<int:pk>/edit/",
            views.ItemUpdateView.as_view(model=model),
            name=f"{name}-update",
        ),
        path(
            f"{segment}/<int:pk>/merge/",
            views.ItemMergeView.as_view(model=model),
            name=f"{name}-merge",
        ),
        path(
            f"{segment}/<int:pk>/retire/",
            views.ItemActiveView.as_view(model=model, active=False),
            name=f"{name}-retire",
        ),
        path(
            f"{segment}/<int:pk>/restore/",
            views.ItemActiveView.as_view(model=model, active=True),
            name=f"{name}-restore",
        ),
    ]


urlpatterns = [
    *list_patterns(ComplaintCategory, "complaint-categories"),
    *list_patterns(ServiceArea, "service-areas"),
]

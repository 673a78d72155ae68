"""The members pages' URLs, included by assessment/urls.py (names in its namespace)."""

from django.urls import path

from assessment.members import views

urlpatterns = [
    path("organisations/<int:pk>/members/", views.MemberListView.as_view(), name="member-list"),
    path("organisations/<int:pk>/members/add/", views.MemberAddView.as_view(), name="member-add"),
    path(
        "organisations/<int:pk>/members/invite/",
        views.MemberInviteView.as_view(),
        name="member-invite",
    ),
    path("members/<int:pk>/role/", views.MemberRoleView.as_view(), name="member-role"),
    path(
        "members/<int:pk>/deactivate/",
        views.MemberActiveView.as_view(active=False),
        name="member-deactivate",
    ),
    path(
        "members/<int:pk>/reactivate/",
        views.MemberActiveView.as_view(active=True),
        name="member-reactivate",
    ),
    path(
        "invitations/<int:pk>/withdraw/",
        views.InvitationWithdrawView.as_view(),
        name="invitation-withdraw",
    ),
    path(
        "invitations/accept/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    path("roles/", views.RolesView.as_view(), name="roles"),
]

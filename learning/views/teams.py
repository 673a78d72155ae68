"""Teams of an organisation: listed for its members, run by its managers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views.generic import CreateView, UpdateView

from core.params import id_param
from core.views import ObjectPermissionMixin, PagedFilterView
from learning.forms import TeamFilter, TeamForm
from learning.models import Team
from learning.services.teams import save_team
from learning.views.common import add_form_errors


class TeamListView(PagedFilterView):
    permission_required = "learning.view_team"
    filterset_class = TeamFilter
    template_name = "learning/team_list.html"

    def get_queryset(self):
        return (
            Team.objects.for_user(self.request.user)
            .with_member_count()
            .select_related("organisation")
            .order_by("organisation__name", "name", "pk")
        )


class TeamFormMixin:
    model = Team
    form_class = TeamForm
    template_name = "learning/team_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def form_valid(self, form):
        try:
            self.object = save_team(
                team=form.instance, user=self.request.user, members=form.cleaned_data["members"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Team “{self.object}” saved.")
        return HttpResponseRedirect(reverse("learning:team-list"))


class TeamCreateView(PermissionRequiredMixin, TeamFormMixin, CreateView):
    permission_required = "learning.add_team"

    def get_initial(self):
        return super().get_initial() | {"organisation": id_param(self.request.GET, "organisation")}


class TeamUpdateView(PermissionRequiredMixin, ObjectPermissionMixin, TeamFormMixin, UpdateView):
    permission_required = "learning.change_team"

    def get_queryset(self):
        return Team.objects.for_user(self.request.user).select_related("organisation")

"""The members pages of an organisation, invitations, and "who can do what".

Another organisation's page or member is a 404 (the organisation is read through
`for_user`); a role that may not do something there gets 403; every write goes through one
service of assessment.members.services, whose refusal shows on the form's field.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import FormView, TemplateView

from assessment.members import selectors, services
from assessment.members.filters import MemberFilter
from assessment.members.forms import AcceptInvitationForm, AddMemberForm, InviteForm, RoleForm
from assessment.members.models import Invitation
from assessment.models import Membership
from assessment.scoped_views import ScopedObjectMixin
from core.people import person_name
from core.views import PagedFilterView


def a_role(role: str) -> str:
    """ "an officer", "a manager", "a viewer"."""
    return f"{'an' if role[0] in 'aeiou' else 'a'} {role}"


class OrganisationPageMixin(ScopedObjectMixin):
    """A page of the organisation named by the URL's pk."""

    def members_url(self) -> str:
        return reverse("assessment:member-list", args=[self.organisation.pk])


class MembershipMixin(OrganisationPageMixin):
    """A page of the membership named by the URL's pk (another organisation's: 404)."""

    scoped_model = Membership
    scoped_select = ("user",)

    @property
    def membership(self) -> Membership:
        return self.scoped_object


class MemberListView(OrganisationPageMixin, PagedFilterView):
    permission_required = "assessment.view_membership"
    filterset_class = MemberFilter
    template_name = "assessment/members/member_list.html"

    def get_queryset(self):
        return selectors.members(self.organisation)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, organisation = self.request.user, self.organisation
        context["can_manage"] = user.has_perm(services.CHANGE, organisation)
        context["can_add"] = user.has_perm(services.ADD, organisation)
        if user.has_perm("assessment.view_invitation", organisation):
            context["invitations"] = selectors.open_invitations(organisation)
        context["active_managers"] = selectors.active_manager_count(organisation)
        return context


class ServiceFormView(FormView):
    """A form whose valid input goes to one service: its ValidationError lands on the form's
    fields (or above them) and nothing is saved."""

    def form_valid(self, form):
        try:
            message = self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return HttpResponseRedirect(self.members_url())

    def form_invalid(self, form):
        messages.error(self.request, "Nothing was changed: correct the errors below.")
        return super().form_invalid(form)


class MemberAddView(OrganisationPageMixin, ServiceFormView):
    permission_required = services.ADD
    template_name = "assessment/members/member_form.html"
    form_class = AddMemberForm
    extra_context = {"title": "Add an existing user"}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"organisation": self.organisation}

    def save(self, form) -> str:
        person, role = form.cleaned_data["user"], form.cleaned_data["role"]
        services.add_member(
            organisation=self.organisation, person=person, role=role, user=self.request.user
        )
        return f"{person_name(person)} is now {a_role(role)} of {self.organisation}."


class MemberInviteView(OrganisationPageMixin, ServiceFormView):
    permission_required = services.INVITE
    template_name = "assessment/members/member_form.html"
    form_class = InviteForm
    extra_context = {"title": "Invite someone by e-mail"}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"organisation": self.organisation}

    def get_initial(self):
        # "Invite again" on an expired invitation fills the form in (nothing is sent yet).
        return {key: self.request.GET.get(key, "")[:254] for key in ("email", "role")}

    def save(self, form) -> str:
        invitation, replaced = services.invite_member(
            organisation=self.organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            user=self.request.user,
            site_url=self.request.build_absolute_uri("/"),
        )
        message = f"Invitation sent to {invitation.email}."
        if replaced:
            message += " The link in the earlier invitation no longer works."
        return message


class MemberRoleView(MembershipMixin, ServiceFormView):
    permission_required = services.CHANGE
    template_name = "assessment/members/member_form.html"
    form_class = RoleForm

    def get_initial(self):
        return {"role": self.membership.role}

    def get_context_data(self, **kwargs):
        title = f"Role of {person_name(self.membership.user)}"
        return super().get_context_data(title=title, membership=self.membership, **kwargs)

    def save(self, form) -> str:
        membership = services.change_role(
            membership=self.membership, role=form.cleaned_data["role"], user=self.request.user
        )
        name, role = person_name(membership.user), a_role(membership.role)
        return f"{name} is now {role} of {self.organisation}."


class MemberActiveView(MembershipMixin, View):
    """Deactivate or reactivate a member (POST, from the members list)."""

    permission_required = services.CHANGE
    active = False

    def post(self, request, *args, **kwargs):
        name = person_name(self.membership.user)
        try:
            services.set_active(membership=self.membership, active=self.active, user=request.user)
        except ValidationError as error:
            messages.error(request, f"Nothing was changed: {' '.join(error.messages)}")
        else:
            done = "reactivated" if self.active else "deactivated: they no longer have access"
            messages.success(request, f"{name} {done}.")
            if self.membership.user_id == request.user.pk and not self.active:
                # Their own membership: the members page is no longer theirs to see.
                return HttpResponseRedirect(reverse("dashboard"))
        return HttpResponseRedirect(self.members_url())


class InvitationWithdrawView(OrganisationPageMixin, View):
    permission_required = services.WITHDRAW
    scoped_model = Invitation

    def post(self, request, *args, **kwargs):
        try:
            services.withdraw_invitation(invitation=self.scoped_object, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Invitation to {self.scoped_object.email} withdrawn.")
        return HttpResponseRedirect(self.members_url())


@method_decorator(login_not_required, name="dispatch")
class InvitationAcceptView(View):
    """The e-mailed link: set a username, name and password, and join the organisation."""

    template_name = "assessment/members/invitation_accept.html"

    def dispatch(self, request, *args, token, **kwargs):
        self.token = token
        self.invitation = services.invitation_for(token)
        if self.invitation is None:
            return render(request, "assessment/members/invitation_unusable.html", status=404)
        if self.invitation.status != Invitation.Status.PENDING:
            return self.unusable(self.invitation)
        return super().dispatch(request, *args, **kwargs)

    def unusable(self, invitation: Invitation):
        context = {"invitation": invitation, "status": invitation.status}
        return render(
            self.request, "assessment/members/invitation_unusable.html", context, status=410
        )

    def form(self, data=None):
        account = get_user_model()(email=self.invitation.email)
        return AcceptInvitationForm(data, instance=account)

    def get(self, request, *args, **kwargs):
        return self.page(self.form())

    def page(self, form):
        context = {"form": form, "invitation": self.invitation}
        return render(self.request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.page(form)
        try:
            membership = services.accept_invitation(
                token=self.token, account=form.save(commit=False)
            )
        except services.InvitationUnusable as refused:
            return self.unusable(refused.invitation)
        except ValidationError as error:
            form.add_error(None, error)
            return self.page(form)
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            f"Welcome, {person_name(membership.user)}: you are {a_role(membership.role)} of "
            f"{membership.organisation}.",
        )
        return HttpResponseRedirect(reverse("dashboard"))


class RolesView(TemplateView):
    """Who can do what: each role's permissions, who the administrators are, your roles."""

    template_name = "assessment/members/roles.html"

    def get_context_data(self, **kwargs):
        administrators = selectors.administrators()
        return super().get_context_data(
            columns=[Membership.Role(role).label for role in selectors.ROLE_COLUMNS],
            rows=selectors.role_table(),
            administrators=administrators,
            who_creates=selectors.who_creates_organisations(administrators),
            memberships=selectors.memberships_of(self.request.user),
            **kwargs,
        )

"""Forms of the members pages. They validate input and call the services' own checks, so a
refusal shows on the field it concerns; the services check again when saving."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Row, Submit
from crispy_forms.layout import Layout as CrispyLayout
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import BaseUserCreationForm, UsernameField
from django.core.exceptions import ValidationError

from assessment.members import services
from assessment.members.selectors import FindUserError, find_user
from assessment.models import Membership

ROLE_HELP = (
    "Viewer: reads everything, changes nothing. Officer: records and drafts. Manager: also "
    "approves, reviews and runs the organisation's set-up."
)


class RoleField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=Membership.Role.choices,
            help_text=ROLE_HELP,
            error_messages={
                "invalid_choice": "“%(value)s” is not a role: choose viewer, officer or manager."
            },
            **kwargs,
        )


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.layout = CrispyLayout(*layout)
    return helper


class AddMemberForm(forms.Form):
    """An existing user, by username or e-mail address, and their role."""

    user = forms.CharField(
        label="Username or e-mail address",
        max_length=254,
        help_text="Of someone who already has an account on this site.",
    )
    role = RoleField()

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.helper = _helper(
            Row(Column("user", css_class="col-md-7"), Column("role")),
            Submit("submit", "Add member"),
        )

    def clean_user(self):
        try:
            person = find_user(self.cleaned_data["user"])
        except FindUserError as error:
            raise ValidationError(str(error), code="no_such_user") from None
        try:
            services.check_not_member(self.organisation, person)
        except ValidationError as error:
            raise ValidationError(error.error_dict["user"]) from None
        return person


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        help_text=f"They get a link to set their password, which works once, for "
        f"{services.INVITATION_DAYS} days.",
    )
    role = RoleField()

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.helper = _helper(
            Row(Column("email", css_class="col-md-7"), Column("role")),
            Submit("submit", "Send invitation"),
        )

    def clean_email(self):
        email = self.cleaned_data["email"]
        try:
            services.check_invitable(self.organisation, email)
        except ValidationError as error:
            raise ValidationError(error.error_dict["email"]) from None
        return email


class RoleForm(forms.Form):
    role = RoleField(label="Role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("role", Submit("submit", "Save role"))


class AcceptInvitationForm(BaseUserCreationForm):
    """The new account: a username, a name and a password (checked by the site's password
    validators against the invitation's address too)."""

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name"]
        field_classes = {"username": UsernameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.helper = _helper(
            "username",
            Row(Column("first_name"), Column("last_name")),
            "password1",
            "password2",
            Submit("submit", "Create my account"),
        )

    def clean_username(self):
        username = self.cleaned_data["username"]
        try:
            services.check_username_free(username)
        except ValidationError as error:
            raise ValidationError(error.error_dict["username"]) from None
        return username

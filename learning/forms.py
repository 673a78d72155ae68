"""Forms and filters of the learning pages. The rules live in learning/services; the forms
collect input and call the services' validation where there is one."""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef

from actions.models import Action
from assessment.models import Organisation
from assessment.tenancy import members_of, members_of_any, organisation_ids
from core.choices import NameChoiceFilter, read_choices_in_one_query
from core.filters import BootstrapFilterSet
from core.people import person_name
from learning.models import (
    Acknowledgement,
    AudienceMember,
    EffectivenessCheck,
    LearningBrief,
    SafeguardingAdultsReview,
    SARRecommendation,
    Team,
)
from learning.services import checks, reviews

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(label: str = "Save") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


def _organisations(user, perm: str):
    return Organisation.objects.for_user(user, perm).order_by("name")


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["organisation", "name", "description", "members"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.queryset = _organisations(user, "learning.add_team")
        if self.instance.pk:
            organisation.disabled = True
            people = members_of(self.instance.organisation)
        else:
            people = members_of_any(organisation_ids(user, "learning.add_team"))
        self.fields["members"].queryset = people
        self.fields["members"].label_from_instance = person_name
        read_choices_in_one_query(self)
        self.helper = _helper()


class ReviewForm(forms.ModelForm):
    class Meta:
        model = SafeguardingAdultsReview
        fields = ["organisation", "title", "board", "published", "summary"]
        widgets = {"published": DATE, "summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.queryset = _organisations(user, "learning.add_safeguardingadultsreview")
        if self.instance.pk:
            organisation.disabled = True
        read_choices_in_one_query(self)
        self.helper = _helper()


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = SARRecommendation
        fields = ["number", "text", "owner", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, review: SafeguardingAdultsReview, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.review = review
        self.fields["owner"].queryset = members_of(review.organisation)
        self.fields["owner"].label_from_instance = person_name
        self.fields["status"].help_text = "Closed only once every brief from it is checked."
        read_choices_in_one_query(self)
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if data.get("status"):
            reviews.validate_status(self.instance, data["status"])
        return data


class BriefForm(forms.ModelForm):
    """A brief's text, audience, dates and actions, within the organisation of its source."""

    attachment = forms.FileField(
        required=False,
        help_text="Optional: a one-page summary or a practice guide (PDF, Word, image...).",
    )

    class Meta:
        model = LearningBrief
        fields = [
            "title",
            "what_happened",
            "what_to_do",
            "audience_teams",
            "audience_people",
            "acknowledge_by",
            "check_due",
            "actions",
        ]
        widgets = {
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "what_to_do": forms.Textarea(attrs={"rows": 4}),
            "audience_teams": forms.CheckboxSelectMultiple,
            "acknowledge_by": DATE,
            "check_due": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.instance.organisation
        self.fields["audience_teams"].queryset = Team.objects.filter(organisation=organisation)
        self.fields["audience_people"].queryset = members_of(organisation)
        self.fields["audience_people"].label_from_instance = person_name
        # Both lists can be long (every member, every action), so they stay multiple selects.
        more = " Hold Ctrl (Cmd on a Mac) to choose more than one."
        self.fields["audience_people"].help_text = "People to send it to besides the teams." + more
        self.fields["actions"].queryset = Action.objects.filter(
            plan__organisation=organisation
        ).order_by("title", "pk")
        self.fields["actions"].help_text += more
        read_choices_in_one_query(self)
        self.helper = _helper("Save draft")


class AcknowledgeForm(forms.Form):
    reflection = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: what you will do differently, or a question for your manager.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("I have read and understood this brief")


class CheckForm(forms.ModelForm):
    rebrief = forms.BooleanField(
        required=False,
        label="Draft a re-brief",
        help_text="A new draft of this brief, with the same source and audience, to publish again.",
    )

    class Meta:
        model = EffectivenessCheck
        fields = ["date", "method", "cases", "result", "evidence", "follow_up_action"]
        widgets = {"date": DATE, "evidence": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, brief: LearningBrief, **kwargs):
        super().__init__(*args, **kwargs)
        self.brief = brief
        self.instance.brief = brief
        self.fields["follow_up_action"].queryset = Action.objects.filter(
            plan__organisation_id=brief.organisation_id
        ).order_by("title", "pk")
        self.fields[
            "follow_up_action"
        ].help_text = "Needed when the learning is not embedded (or draft a re-brief below)."
        read_choices_in_one_query(self)
        self.helper = _helper("Record check")

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                checks.validate_check(
                    brief=self.brief,
                    date=data.get("date"),
                    method=data.get("method"),
                    cases=data.get("cases"),
                    result=data.get("result"),
                    follow_up_action=data.get("follow_up_action"),
                    rebrief=data.get("rebrief", False),
                )
            except ValidationError as error:
                raise ValidationError(error.message_dict) from None
        return data


# --- filters -------------------------------------------------------------------------------


class _OrganisationFilterSet(BootstrapFilterSet):
    organisation = NameChoiceFilter(
        queryset=Organisation.objects.none(), empty_label="All organisations"
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["organisation"].queryset = Organisation.objects.for_user(
            request.user
        ).order_by("name")


class TeamFilter(_OrganisationFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")

    class Meta:
        model = Team
        fields = ["q", "organisation"]


class ReviewFilter(_OrganisationFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title")

    class Meta:
        model = SafeguardingAdultsReview
        fields = ["q", "organisation"]


class BriefFilter(_OrganisationFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title")
    status = django_filters.ChoiceFilter(choices=LearningBrief.Status, empty_label="Any status")
    mine = django_filters.BooleanFilter(
        method="filter_mine",
        label="To acknowledge",
        widget=forms.CheckboxInput,
        help_text="Only briefs sent to me that I have not acknowledged.",
    )

    class Meta:
        model = LearningBrief
        fields = ["q", "status", "organisation", "mine"]

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        user = self.request.user
        sent = AudienceMember.objects.filter(brief_id=OuterRef("pk"), person=user)
        done = Acknowledgement.objects.filter(brief_id=OuterRef("pk"), person=user)
        return queryset.filter(Exists(sent)).exclude(Exists(done))

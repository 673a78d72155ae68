from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Row, Submit
from crispy_forms.layout import Layout as CrispyLayout
from django import forms
from django.contrib.auth import get_user_model

from assessment.framework_loader import CQC_LOCAL_AUTHORITY_SLUG
from assessment.models import Assessment, Framework, Organisation, StatementScore
from assessment.tenancy import members_of, members_of_any, organisation_ids
from core.concurrency import add_version_field
from core.people import person_name


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "organisation",
            "framework",
            "title",
            "status",
            "start_date",
            "end_date",
            "published_date",
            "lead",
            "indicative",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "published_date": DateInput(),
        }

    def __init__(self, *args, user, perm: str, **kwargs):
        """`user` chooses among the organisations where their role grants `perm` (adding or
        changing assessments), and among those organisations' members for the lead."""
        super().__init__(*args, **kwargs)
        ids = organisation_ids(user, perm)
        self.fields["organisation"].queryset = Organisation.objects.for_user(user, perm)
        leads = members_of_any(ids)
        if self.instance.lead_id is not None:  # kept, even when no longer a member
            leads = leads | get_user_model().objects.filter(pk=self.instance.lead_id)
        self.fields["lead"].queryset = leads
        self.fields["lead"].label_from_instance = person_name
        self.fields["lead"].empty_label = "No lead yet"
        self.fields["organisation"].empty_label = "Choose the organisation"
        self.fields["framework"].empty_label = None
        if self.instance.pk:
            # Changing the framework would orphan every score already recorded.
            self.fields["framework"].disabled = True
        elif not self.initial.get("framework"):
            self.initial["framework"] = Framework.objects.filter(
                slug=CQC_LOCAL_AUTHORITY_SLUG
            ).first()
        self.helper = FormHelper()
        self.helper.layout = CrispyLayout(
            Row(Column("organisation"), Column("framework")),
            Row(Column("title", css_class="col-md-8"), Column("status")),
            Row(Column("start_date"), Column("end_date"), Column("published_date")),
            Row(Column("lead"), Column("indicative", css_class="pt-md-4")),
            Submit("submit", "Save assessment"),
        )
        add_version_field(self)

    def clean(self):
        cleaned = super().clean()
        organisation, lead = cleaned.get("organisation"), cleaned.get("lead")
        kept = lead is not None and lead.pk == self.initial.get("lead")
        if organisation and lead and not kept and not members_of(organisation).contains(lead):
            self.add_error(
                "lead",
                forms.ValidationError(
                    "Choose a lead who is a member of %(organisation)s.",
                    code="not_member",
                    params={"organisation": organisation},
                ),
            )
        return cleaned


class StatementScoreForm(forms.ModelForm):
    """A statement's score and summary. `version` guards against lost edits."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = StatementScore
        fields = ["score", "summary", "version"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "score": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [*StatementScore.Score.choices, ("", "Not yet scored")]
        self.fields["score"].help_text = "The published labels; all statements weigh the same."
        self.fields["score"].error_messages["invalid_choice"] = (
            "Choose a score from 1 to 4, or Not yet scored."
        )
        self.helper = FormHelper()
        self.helper.layout = CrispyLayout(
            "score", "summary", "version", Submit("submit", "Save score", css_id="score-submit")
        )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "code", "region", "default_response_working_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out (or blank): the model's default, 20.
        self.fields["default_response_working_days"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save organisation"))
        add_version_field(self)

    def clean_default_response_working_days(self):
        days = self.cleaned_data["default_response_working_days"]
        if days is None:
            return self.instance.default_response_working_days
        return days


class ComparisonForm(forms.Form):
    """Two assessments of the same organisation and framework, earlier first."""

    before = forms.ModelChoiceField(queryset=Assessment.objects.none(), label="Earlier assessment")
    after = forms.ModelChoiceField(queryset=Assessment.objects.none(), label="Later assessment")

    def __init__(self, *args, organisation, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = (
            Assessment.objects.for_user(user)
            .filter(organisation=organisation)
            .select_related("framework", "organisation")
            .order_by("start_date", "created_at")
        )
        self.fields["before"].queryset = choices
        self.fields["after"].queryset = choices
        self.fields["before"].empty_label = "Choose an assessment"
        self.fields["after"].empty_label = "Choose an assessment"
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def clean(self):
        cleaned = super().clean()
        before, after = cleaned.get("before"), cleaned.get("after")
        if before and after:
            if before == after:
                raise forms.ValidationError("Choose two different assessments.", code="same")
            if before.framework_id != after.framework_id:
                raise forms.ValidationError(
                    "These assessments use different frameworks and cannot be compared "
                    "statement by statement.",
                    code="framework",
                )
        return cleaned

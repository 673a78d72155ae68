"""Forms of action plans: drafting or editing a plan, and starting one from a finding. Each
offers only the user's organisations, their assessments and their managers as owners."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Row, Submit
from crispy_forms.layout import Layout as CrispyLayout
from django import forms

from actions import selectors
from actions.models import ActionPlan
from actions.services.owners import validate_plan_owner
from assessment.models import Assessment, Organisation
from assessment.tenancy import organisation_ids
from core.concurrency import add_version_field
from core.people import person_name


class ActionPlanForm(forms.ModelForm):
    """A plan of an organisation where the user may draft plans (an edit stays in its own),
    for one of its assessments, owned by one of its managers."""

    class Meta:
        model = ActionPlan
        fields = ["organisation", "assessment", "title", "purpose", "owner"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            mine = [self.instance.organisation_id]
        else:
            mine = organisation_ids(user, "actions.add_actionplan")
        organisations = Organisation.objects.order_by("name")
        self.fields["organisation"].queryset = (
            organisations if mine is None else organisations.filter(pk__in=mine)
        )
        self.fields["assessment"].queryset = (
            Assessment.objects.for_user(user)
            .select_related("organisation")
            .order_by("organisation__name", "-created_at")
        )
        # With several organisations offered, the owner must be a manager of the one chosen
        # (clean() says so on the field); a plan's current owner stays selectable on it.
        self.fields["owner"].queryset = selectors.plan_owners(mine, keep=self.instance.owner_id)
        self.fields["owner"].label_from_instance = person_name
        self.fields["owner"].empty_label = "Choose later (needed before submitting)"
        if self.instance.pk:
            # Moving a plan to another organisation would orphan its links to findings.
            self.fields["organisation"].disabled = True
            self.fields["assessment"].disabled = True
        self.helper = FormHelper()
        self.helper.layout = CrispyLayout(
            Row(Column("organisation"), Column("assessment")),
            "title",
            "purpose",
            "owner",
            Submit("submit", "Save plan"),
        )
        add_version_field(self)

    def clean(self):
        cleaned = super().clean()
        assessment = cleaned.get("assessment")
        organisation = cleaned.get("organisation")
        if assessment and organisation and assessment.organisation_id != organisation.pk:
            self.add_error(
                "assessment",
                forms.ValidationError(
                    "The assessment belongs to another organisation.", code="organisation"
                ),
            )
        owner = cleaned.get("owner")
        if organisation and owner and owner.pk != self.initial.get("owner"):
            try:
                validate_plan_owner(organisation=organisation, owner=owner)
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned


class PlanForFindingForm(forms.Form):
    """Start a draft plan for a finding's assessment, from the finding."""

    title = forms.CharField(max_length=200)
    owner = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Choose later (needed before submitting)",
        help_text="The manager accountable for the plan.",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.plan_owners([organisation])
        self.fields["owner"].label_from_instance = person_name
        self.helper = FormHelper()
        self.helper.layout = CrispyLayout(
            "title", "owner", Submit("submit", "Start a draft plan and add the action")
        )

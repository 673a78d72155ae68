"""Forms of the steps that ask for more than a click: approving a plan (an optional comment
and a confirmation), returning it (what needs to change) and confirming that a completed
action is verified complete. Each is a proper field with its label and its error beside it."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout as CrispyLayout
from crispy_forms.layout import Submit
from django import forms


class StepForm(forms.Form):
    """Any plan step: an optional comment (the workflow history keeps it)."""

    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ApproveForm(StepForm):
    """Approve: a comment if the manager has one, and a tick to confirm (no script needed)."""

    comment = forms.CharField(
        required=False,
        label="Comment (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the plan's workflow history, e.g. what to watch.",
    )
    confirm = forms.BooleanField(
        label="I have read this plan and its actions, and I approve it",
        error_messages={"required": "Tick the box to confirm that you approve the plan."},
    )


class ReturnForm(StepForm):
    """Return for changes: what needs to change. That it is needed is the service's rule
    (transition_plan); its message comes back on this field."""

    comment = forms.CharField(
        required=False,
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The officer sees this at the top of the plan.",
    )


STEP_FORMS = {"approve": ApproveForm, "return": ReturnForm}


def step_form(name: str, data=None) -> StepForm:
    """The form of a plan step (ids prefixed by the step: several are on one page)."""
    return STEP_FORMS.get(name, StepForm)(data, auto_id=f"{name}-%s")


class VerifyForm(forms.Form):
    """A manager confirms a completed action was done, before its effectiveness review."""

    note = forms.CharField(
        required=False,
        label="What you checked",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="E.g. the evidence attached to the completing update, an audit, minutes.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = CrispyLayout("note", Submit("submit", "Confirm verified complete"))

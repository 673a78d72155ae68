from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from notifications.kinds import KINDS, Delivery


class PreferencesForm(forms.Form):
    """One choice per kind: e-mail at once, in the daily digest, or in the app only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in KINDS.items():
            self.fields[name] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=kind.default,
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save preferences"))

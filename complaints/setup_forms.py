"""Forms of the category and service area pages (complaints/setup_views.py). They call the
services' own checks, so a refusal shows on its field; the services check again when saving."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

from complaints import setup_services


class ItemForm(forms.ModelForm):
    """A category's or service area's name (new, or renamed)."""

    class Meta:
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        what = self._meta.model._meta.verbose_name
        self.fields["name"].help_text = (
            f"Renaming changes the name on every complaint filed under this {what}, old "
            "ones and their reports too."
            if self.instance.pk
            else f"A new {what}, offered for new complaints at once."
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save name" if self.instance.pk else f"Add {what}"))

    def clean_name(self):
        self.instance.name = self.cleaned_data["name"]
        try:
            setup_services.check_name_free(self.instance)
        except ValidationError as error:
            raise ValidationError(error.error_dict["name"]) from None
        return " ".join(self.cleaned_data["name"].split())


def item_form(model):
    """An ItemForm for `model` (ComplaintCategory or ServiceArea)."""
    meta = type("Meta", (ItemForm.Meta,), {"model": model})
    return type(f"{model.__name__}Form", (ItemForm,), {"Meta": meta})


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=None, label="Merge into")

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        model = type(source)
        what = model._meta.verbose_name
        field = self.fields["target"]
        field.queryset = model.objects.filter(
            organisation_id=source.organisation_id, active=True
        ).exclude(pk=source.pk)
        field.empty_label = f"Choose a {what}"
        field.help_text = (
            f"Every complaint filed under “{source.name}” moves to the {what} chosen here, "
            f"and “{source.name}” is retired."
        )
        field.error_messages["invalid_choice"] = (
            f"Choose one of the organisation's active {model._meta.verbose_name_plural}."
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Merge", css_class="btn-danger"))

    def clean_target(self):
        target = self.cleaned_data["target"]
        try:
            setup_services.check_merge(self.source, target)
        except ValidationError as error:
            raise ValidationError(error.error_dict["target"]) from None
        return target

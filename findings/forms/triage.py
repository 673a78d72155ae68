"""Forms of triage: one finding's judgement, source and category (statement page, prefixed by
the finding so that one page form holds them all), and the same fields for many findings at
once (findings list)."""

from django import forms

from findings.models import Finding

CATEGORY_CHOICES = [("", "None"), *Finding.EvidenceCategory.choices]


def triage_prefix(finding_id: int) -> str:
    """The prefix of one finding's fields in the statement page's form: "f12-judgement"."""
    return f"f{finding_id}"


class TriageForm(forms.Form):
    """What the statement page sends for one finding: its three fields and the version the page
    showed (the service refuses the save if the finding has moved on since)."""

    judgement = forms.ChoiceField(choices=Finding.Judgement.choices, label="Judgement")
    source = forms.ChoiceField(choices=Finding.Source.choices, label="Source")
    evidence_category = forms.ChoiceField(
        choices=CATEGORY_CHOICES, required=False, label="Category"
    )
    version = forms.IntegerField(min_value=1)

    def values(self) -> dict[str, str]:
        return {field: self.cleaned_data[field] for field in ("judgement", "source")} | {
            "evidence_category": self.cleaned_data["evidence_category"] or ""
        }


# "Keep" leaves a field as each finding has it; the category may also be cleared.
KEEP = ""
CLEAR = "-"


class BulkTriageForm(forms.Form):
    """Set a judgement, source and/or category on the findings ticked in the list. What makes
    a valid request (some findings, something to set) is the service's to say."""

    findings = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=False)
    judgement = forms.ChoiceField(
        choices=[(KEEP, "Keep as it is"), *Finding.Judgement.choices],
        required=False,
        label="Set judgement",
    )
    source = forms.ChoiceField(
        choices=[(KEEP, "Keep as it is"), *Finding.Source.choices],
        required=False,
        label="Set source",
    )
    evidence_category = forms.ChoiceField(
        choices=[
            (KEEP, "Keep as it is"),
            (CLEAR, "None (clear it)"),
            *Finding.EvidenceCategory.choices,
        ],
        required=False,
        label="Set category",
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the service says which no longer exist.
        self.fields["findings"].valid_value = lambda value: True
        for name in ("judgement", "source", "evidence_category"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"

    def values(self) -> dict[str, str]:
        """The fields to set (those not kept), as the model stores them."""
        values = {}
        for name in ("judgement", "source", "evidence_category"):
            value = self.cleaned_data.get(name, KEEP)
            if value == KEEP:
                continue
            values[name] = "" if value == CLEAR else value
        return values

    def describe(self) -> str:
        """What was set, in words: "Shortfall", or "judgement Shortfall, source Staff"."""
        labels = {
            "judgement": dict(Finding.Judgement.choices),
            "source": dict(Finding.Source.choices),
            "evidence_category": dict(CATEGORY_CHOICES),
        }
        names = {"judgement": "judgement", "source": "source", "evidence_category": "category"}
        values = self.values()
        if list(values) == ["judgement"]:
            return labels["judgement"][values["judgement"]]
        parts = [f"{names[field]} {labels[field][value]}" for field, value in values.items()]
        return ", ".join(parts)

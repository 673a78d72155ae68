from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError

from assessment import scoring
from core.uploads import check_size
from findings.models import Evidence
from readiness import importer, periods
from readiness.models import MetricValue
from readiness.services.self_assessment import NO_VERSION, validate_score

SCORE_CHOICES = [
    ("", "Not yet decided"),
    *((str(n), f"{n} - {label}") for n, label in scoring.SCORE_LABELS.items()),
]
OTHER_EVIDENCE = (
    "Evidence %(value)s is not evidence of this organisation: only the organisation's own "
    "evidence library can be linked."
)


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, queryset, **kwargs):
        super().__init__(
            queryset,
            required=False,
            error_messages={"invalid_choice": OTHER_EVIDENCE, "invalid_pk_value": OTHER_EVIDENCE},
            **kwargs,
        )

    def label_from_instance(self, obj) -> str:
        parts = [obj.title, obj.get_kind_display()]
        if obj.date:
            parts.append(f"{obj.date.day} {obj.date:%b %Y}")
        return " · ".join(parts)


class SelfAssessmentForm(forms.Form):
    """A statement's self-assessment: score, words, and evidence for the statement and for each
    of its I statements (fields `i_statement_1`, ...)."""

    score = forms.CharField(
        label="Self-assessed score",
        required=False,
        widget=forms.Select(choices=SCORE_CHOICES),
        help_text="Scored as CQC scores: 1 to 4.",
    )
    narrative = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Where the council stands on this statement, in its own words.",
    )
    strengths = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    areas_for_improvement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, score_record, **kwargs):
        super().__init__(*args, **kwargs)
        self.score_record = score_record
        evidence = Evidence.objects.filter(
            organisation_id=score_record.assessment.organisation_id
        ).order_by("title", "pk")
        self.fields["evidence"] = EvidenceChoiceField(
            evidence, label="Evidence for the statement as a whole"
        )
        self.i_statements = list(score_record.statement.i_statements)
        for number, text in enumerate(self.i_statements, start=1):
            self.fields[f"i_statement_{number}"] = EvidenceChoiceField(
                evidence, label=f"Evidence for: “{text}”"
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "score",
            "narrative",
            Row(Column("strengths"), Column("areas_for_improvement")),
            "version",
            Fieldset("Evidence", "evidence", css_id="evidence-heading"),
            *(
                [
                    Fieldset(
                        "Evidence for each I statement",
                        *self.i_statement_fields(),
                        css_id="i-statements-heading",
                    )
                ]
                if self.i_statements
                else []
            ),
            Submit("submit", "Save self-assessment"),
        )

    def i_statement_fields(self) -> list[str]:
        return [f"i_statement_{n}" for n in range(1, len(self.i_statements) + 1)]

    def clean_score(self):
        text = self.cleaned_data["score"].strip()
        if not text:
            return None
        score = int(text) if text.isascii() and text.isdigit() and len(text) < 4 else text
        validate_score(score)
        return score

    def clean_version(self):
        return self.cleaned_data["version"] or NO_VERSION

    def evidence_links(self) -> dict[int, list]:
        """{0: evidence for the statement, n: evidence tagged to the n-th I statement}."""
        links = {0: list(self.cleaned_data["evidence"])}
        for number, name in enumerate(self.i_statement_fields(), start=1):
            links[number] = list(self.cleaned_data[name])
        return links


class SummaryForm(forms.Form):
    narrative = forms.CharField(
        label="Summary narrative",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="The council's summary of where it stands, printed first in the pack.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("narrative", "version", Submit("submit", "Save summary"))


class MetricValueForm(forms.ModelForm):
    period_start = forms.CharField(
        label="Period",
        max_length=20,
        help_text=f"A financial year, e.g. {periods.EXAMPLE}.",
    )

    class Meta:
        model = MetricValue
        fields = [
            "period_start",
            "value",
            "target",
            "target_aim",
            "england",
            "region",
            "source_note",
        ]
        labels = {"target_aim": "The target is met when the value is"}

    def __init__(self, *args, metric, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.metric = metric
        self.instance.organisation = organisation
        if self.instance.period_start:
            self.initial["period_start"] = self.instance.period_label
        if metric.is_percent:
            for name in ("value", "target", "england", "region"):
                self.fields[name].help_text = "A percentage, 0 to 100."
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("period_start"), Column("value")),
            Row(Column("target"), Column("target_aim")),
            Row(Column("england"), Column("region")),
            "source_note",
            Submit("submit", "Save value"),
        )

    def clean_period_start(self):
        return periods.parse(self.cleaned_data["period_start"])


class MetricImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file", help_text="The first row names the columns (see below)."
    )
    replace_existing = forms.BooleanField(
        label="Replace existing values",
        required=False,
        help_text="A value already recorded for a metric and period is replaced by the file's.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("file", "replace_existing", Submit("submit", "Import"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(
                "“%(name)s” is not a CSV or .xlsx file.",
                code="file_type",
                params={"name": upload.name},
            )
        check_size(upload, importer.MAX_UPLOAD_BYTES)
        return upload

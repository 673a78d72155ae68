from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Row, Submit
from crispy_forms.layout import Layout as CrispyLayout
from django import forms
from django.conf import settings

from core.uploads import check_size
from findings.models import Finding
from findings.services.reports import REPORT_COMMAND


class FindingForm(forms.ModelForm):
    """A finding's topic heading, text and attribution. `version` guards against lost edits."""

    topic_title = forms.CharField(
        label="Topic heading",
        max_length=300,
        help_text='As printed in the report, e.g. "Learning from feedback".',
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Finding
        fields = ["topic_title", "text", "source", "evidence_category", "judgement", "version"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        labels = {"text": "Finding"}

    def __init__(self, *args, topics=(), submit_label="Save finding", **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["topic_title"].initial = self.instance.topic.title
            self.fields["version"].initial = self.instance.version
        self.fields["evidence_category"].choices = [
            ("", "None"),
            *Finding.EvidenceCategory.choices,
        ]
        # Existing topic headings are offered through a datalist, so spelling stays consistent.
        self.fields["topic_title"].widget.attrs["list"] = "topic-titles"
        self.topics = list(topics)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = CrispyLayout(
            "topic_title",
            "text",
            Row(Column("source"), Column("evidence_category"), Column("judgement")),
            "version",
            Submit("submit", submit_label, css_id="finding-submit"),
        )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 3:
            raise forms.ValidationError("Write the finding (at least a few words).", code="short")
        return text


class ReportImportForm(forms.Form):
    """Step 1 uploads or pastes the report and shows what would change; step 2 ("confirm")
    posts the same text back and imports it."""

    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    file = forms.FileField(
        required=False,
        label="Report file",
        help_text="A .txt or .pdf of the report, as downloaded from CQC; up to "
        f"{settings.REPORT_MAX_UPLOAD_BYTES // (1024 * 1024)} MB and "
        f"{settings.REPORT_IMPORT_MAX_PAGES} pages.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.pdf"}),
    )
    text = forms.CharField(
        required=False,
        label="Or paste the text",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="One or more quality statement sections: title, score, commitment, key "
        "findings with their topic headings.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        # This step only shows what would change; the import is the next step's button.
        self.helper.add_input(Submit("submit", "Preview"))

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError("Upload a file or paste text, not both.", code="both")
        if not upload and not text:
            raise forms.ValidationError("Upload a file or paste the text.", code="neither")
        if upload:
            try:
                check_size(upload, settings.REPORT_MAX_UPLOAD_BYTES, command=REPORT_COMMAND)
            except forms.ValidationError as error:
                self.add_error("file", error)
        return cleaned

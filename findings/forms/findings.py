from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Row, Submit
from crispy_forms.layout import Layout as CrispyLayout
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS

from core.uploads import check_size, check_upload
from findings.models import Evidence, Finding
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


class EvidenceForm(forms.ModelForm):
    url = forms.URLField(
        label="Link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Where the document lives, if it is not uploaded.",
    )

    class Meta:
        model = Evidence
        fields = ["title", "kind", "date", "description", "file", "url", "findings"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.assessment = assessment
        self.fields["findings"].queryset = (
            Finding.objects.filter(topic__assessment=assessment)
            .select_related("topic__statement")
            .order_by("topic__statement__order", "topic__order", "order")
        )
        self.fields["findings"].label_from_instance = lambda f: (
            f"{f.topic.statement.title} · {f.topic.title}: {f}"
        )
        self.fields["findings"].required = False
        limit_mb = settings.EVIDENCE_MAX_UPLOAD_BYTES // (1024 * 1024)
        self.fields[
            "file"
        ].help_text = (
            f"PDF, Word (.docx), Excel (.xlsx), CSV, text, PNG or JPEG; up to {limit_mb} MB."
        )
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.xlsx,.csv,.txt,.png,.jpg,.jpeg"
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.layout = CrispyLayout(
            Row(Column("title", css_class="col-md-8"), Column("kind"), Column("date")),
            "description",
            Row(Column("file"), Column("url")),
            "findings",
            Submit("submit", "Save evidence", css_id="evidence-submit"),
        )

    @property
    def new_upload(self):
        """The file uploaded with this form, if any (not the one already stored)."""
        return self.files.get(self.add_prefix("file"))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and self.new_upload is not None:
            check_upload(upload)
        return upload

    def _post_clean(self):
        super()._post_clean()
        if self.has_error("file") and NON_FIELD_ERRORS in self.errors:
            # The upload was refused with its own message; "upload a file" would only confuse.
            kept = [
                e
                for e in self.errors[NON_FIELD_ERRORS].as_data()
                if e.code != "file_or_link_required"
            ]
            if kept:
                self.errors[NON_FIELD_ERRORS] = self.error_class(kept)
            else:
                del self.errors[NON_FIELD_ERRORS]


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

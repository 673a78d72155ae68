"""The evidence library's forms: an item (with its owner, review date and links to findings of
any of the organisation's assessments) and a new version of its file."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Row, Submit
from crispy_forms.layout import Layout as CrispyLayout
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS

from assessment.tenancy import members_of
from core.concurrency import add_version_field
from core.people import person_name
from core.uploads import check_upload
from findings.forms.widgets import FindingCheckboxes, finding_picker
from findings.models import Evidence, Finding

ACCEPT = ".pdf,.docx,.xlsx,.csv,.txt,.png,.jpg,.jpeg"


def _file_help() -> str:
    limit_mb = settings.EVIDENCE_MAX_UPLOAD_BYTES // (1024 * 1024)
    return f"PDF, Word (.docx), Excel (.xlsx), CSV, text, PNG or JPEG; up to {limit_mb} MB."


class UploadCheckMixin:
    """A newly uploaded file is checked by content as well as name (core.uploads)."""

    @property
    def new_upload(self):
        """The file uploaded with this form, if any (not the one already stored)."""
        return self.files.get(self.add_prefix("file"))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and self.new_upload is not None:
            check_upload(upload)
        return upload


class EvidenceForm(UploadCheckMixin, forms.ModelForm):
    url = forms.URLField(
        label="Link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Where the document lives, if it is not uploaded.",
    )

    class Meta:
        model = Evidence
        fields = [
            "title",
            "kind",
            "date",
            "owner",
            "review_date",
            "description",
            "file",
            "url",
            "findings",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "findings": FindingCheckboxes,
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["owner"].queryset = members_of(organisation)
        self.fields["owner"].label_from_instance = person_name
        self.fields["owner"].error_messages["invalid_choice"] = (
            "Choose a member of the organisation as the owner."
        )
        findings = self.fields["findings"]
        findings.queryset = (
            Finding.objects.filter(topic__assessment__organisation=organisation)
            .select_related("topic__statement", "topic__assessment")
            .order_by("-topic__assessment__pk", "topic__statement__order", "topic__order", "order")
        )
        findings.label_from_instance = lambda f: (
            f"{f.topic.assessment.title} · {f.topic.statement.title} · {f.topic.title}: {f}"
        )
        findings.required = False
        other = str(organisation).replace("%", "%%")
        findings.error_messages["invalid_choice"] = (
            f"Finding %(value)s is not a finding of {other}: evidence can support only its own "
            "organisation's findings."
        )
        self.fields[
            "file"
        ].help_text = f"{_file_help()} A new file is kept as the next version; earlier ones stay."
        self.fields["file"].widget.attrs["accept"] = ACCEPT
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.layout = CrispyLayout(
            Row(Column("title", css_class="col-md-8"), Column("kind"), Column("date")),
            Row(Column("owner"), Column("review_date")),
            "description",
            Row(Column("file"), Column("url")),
            *finding_picker(),
            Submit("submit", "Save evidence", css_id="evidence-submit"),
        )
        add_version_field(self)

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


class EvidenceVersionForm(UploadCheckMixin, forms.Form):
    file = forms.FileField(label="New version", widget=forms.FileInput(attrs={"accept": ACCEPT}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"{_file_help()} The current file stays as a version."
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("submit", "Upload new version"))

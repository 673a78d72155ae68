from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Row, Submit
from crispy_forms.layout import Layout as CrispyLayout
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from assessment.forms import DateInput
from assessment.models import Organisation
from assessment.tenancy import organisation_ids
from complaints.importer import COLUMNS as COMPLAINT_COLUMNS
from complaints.importer import IMPORT_COMMAND
from complaints.models import Complaint, ComplaintCategory, ServiceArea
from complaints.models.clock import financial_year_label
from complaints.services import check_reference_free, default_response_due
from core.choices import RowChoiceField
from core.concurrency import add_version_field
from core.uploads import MB, check_import_file


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        # The same fields, in the same order, as the documented import columns.
        fields = ["organisation", *COMPLAINT_COLUMNS]
        widgets = {
            "date_received": DateInput(),
            "date_acknowledged": DateInput(),
            "response_due": DateInput(),
            "date_responded": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "learning": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "response_due": "The date agreed with the complainant. A new complaint's, left "
            "blank (or as offered when the date received changes), is the organisation's "
            "default number of working days after receipt.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A new complaint goes to an organisation where the user may record complaints; an
        # edit stays in its own (the field is disabled). Their lists are those organisations'.
        perm = "complaints.change_complaint" if self.instance.pk else "complaints.add_complaint"
        mine = Organisation.objects.for_user(user, perm).order_by("name")
        self.fields["organisation"].queryset = mine
        self._scope_lists(user, perm)
        self.fields["outcome"].choices = [
            ("", "None yet (or closed without a decision)"),
            *Complaint.Outcome.choices,
        ]
        self.fields["lgsco_decision"].choices = [("", "—"), *Complaint.LgscoDecision.choices]
        if self.instance.pk:
            # Moving a complaint between organisations would break its reference and lists.
            self.fields["organisation"].disabled = True

        self.helper = FormHelper()
        self.helper.layout = CrispyLayout(
            Fieldset(
                "The complaint",
                Row(Column("organisation"), Column("reference")),
                Row(Column("relationship"), Column("procedure")),
                Row(Column("service_area"), Column("category")),
                "summary",
            ),
            Fieldset(
                "Statutory clock",
                Row(
                    Column("date_received"),
                    Column("date_acknowledged"),
                    Column("response_due"),
                    Column("date_responded"),
                ),
            ),
            Fieldset(
                "Investigation and outcome",
                Row(Column("investigating_officer"), Column("status"), Column("outcome")),
                "learning",
            ),
            Fieldset(
                "Local Government and Social Care Ombudsman",
                Row(Column("lgsco_status"), Column("lgsco_decision")),
            ),
            Submit("submit", "Save complaint"),
        )
        add_version_field(self)

    def clean(self):
        """A reference already used in the organisation: said on the Reference field, in words,
        instead of the model's generic "Complaint with this Organisation and Reference already
        exists" at the top (the unique constraint is then skipped: the field has an error).
        A new complaint's agreed response date, left blank or left at the date the form
        offered while the date received or organisation changed, is the organisation's
        default (services.default_response_due)."""
        cleaned = super().clean()
        self._default_response_due(cleaned)
        organisation, reference = cleaned.get("organisation"), cleaned.get("reference")
        if organisation and reference:
            probe = Complaint(pk=self.instance.pk, organisation=organisation, reference=reference)
            try:
                check_reference_free(probe)
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def _default_response_due(self, cleaned) -> None:
        if self.instance.pk:
            return  # an edit keeps what was agreed, or its blank
        organisation, received = cleaned.get("organisation"), cleaned.get("date_received")
        if organisation is None or received is None or "response_due" in self.errors:
            return
        if received > timezone.localdate():
            return  # refused anyway (a complaint is not received in the future)
        changed = set(self.changed_data)
        offered = "response_due" not in changed and {"date_received", "organisation"} & changed
        if cleaned.get("response_due") is None or offered:
            cleaned["response_due"] = default_response_due(organisation, received)

    def _scope_lists(self, user, perm: str) -> None:
        """Categories and service areas of the organisations the complaint may be in: active
        ones (a record keeps the inactive name it already uses), named with their organisation
        when the user has several."""
        ids = organisation_ids(user, perm)
        organisations = len(ids) if ids is not None else Organisation.objects.count()
        for name, model in (("category", ComplaintCategory), ("service_area", ServiceArea)):
            field = self.fields[name]
            queryset = (
                model.objects.for_user(user, perm)
                .select_related("organisation")
                .order_by("organisation__name", "name")
            )
            if self.instance.pk:
                # Inactive names stay selectable on the records that already use them.
                current = getattr(self.instance, f"{name}_id")
                queryset = queryset.filter(organisation_id=self.instance.organisation_id).filter(
                    Q(active=True) | Q(pk=current)
                )
            else:
                queryset = queryset.filter(active=True)
            field.queryset = queryset
            field.empty_label = "Not recorded"
            if organisations > 1 and not self.instance.pk:
                field.label_from_instance = lambda item: f"{item.organisation}: {item.name}"


class ComplaintImportForm(forms.Form):
    """The file and where it goes: only organisations where the user may add complaints."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())
    file = forms.FileField(
        label="Complaints file",
        help_text="CSV (UTF-8) or Excel .xlsx, first row the column names (see the list below); "
        f"up to {settings.COMPLAINTS_IMPORT_MAX_UPLOAD_BYTES // MB} MB and "
        f"{settings.COMPLAINTS_IMPORT_MAX_ROWS:,} complaints.",
    )
    create_missing = forms.BooleanField(
        required=False,
        label="Create missing categories and service areas",
        help_text="Otherwise names not in the organisation's lists are errors.",
    )
    update_existing = forms.BooleanField(
        required=False,
        label="Update complaints whose reference already exists",
        help_text="Otherwise an existing reference is an error.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_user(
            user, "complaints.add_complaint"
        ).order_by("name")
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.layout = CrispyLayout(
            Row(Column("organisation"), Column("file")),
            "create_missing",
            "update_existing",
            Submit("submit", "Import complaints"),
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_import_file(
            upload,
            extensions=(".csv", ".xlsx"),
            limit=settings.COMPLAINTS_IMPORT_MAX_UPLOAD_BYTES,
            command=IMPORT_COMMAND,
        )
        return upload


class ReportChoiceForm(forms.Form):
    """Which organisation and financial year the annual report is for (GET)."""

    # The organisations whose complaints the user may see (set in __init__).
    # Plain rows, one query: a national viewer's select lists every council.
    organisation = RowChoiceField(queryset=Organisation.objects.none(), empty_label=None)
    year = forms.TypedChoiceField(coerce=int, label="Financial year")
    # The organisation the page showed: a year sent with another organisation was that one's.
    shown = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, years=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.for_user(
            user, "complaints.view_complaint"
        ).order_by("name")
        organisation.choices = list(iter(organisation.choices))  # one query, drawn from the list
        self.fields["year"].choices = [
            (y, financial_year_label(y) + (" (year to date)" if y == current else ""))
            for y in years
        ]
        for name in ("organisation", "year"):
            self.fields[name].widget.attrs["class"] = "form-select"
